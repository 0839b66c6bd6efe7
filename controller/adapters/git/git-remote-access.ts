/**
 * How git reaches a remote without prompting and without a credential in argv, a URL or a log line
 * (README "Git remotes"): SSH always runs with `BatchMode=yes` (a key or nothing, never a prompt),
 * with the key and known-hosts file of the settings; an https token is answered by a credential
 * helper that reads it from the git process's environment, so it never lands in `.git/config`, in
 * `ps` output or in an error message.
 */
import { credentialsOf } from './redact-url.js';

export interface GitRemoteAccess {
  /** https: what the credential helper answers (GITOPS_REPO_TOKEN, or the user-info of GITOPS_REPO_URL). */
  credential?: { username: string; password: string };
  /** GITOPS_SSH_KEY_FILE: the private key ssh offers (and only it). Default: ssh's own keys. */
  sshKeyFile?: string;
  /** GITOPS_SSH_KNOWN_HOSTS: the known_hosts file; an unknown or changed host key is refused. Default: ssh's own. */
  sshKnownHostsFile?: string;
}

/** The environment variables the credential helper reads (not `GIT_*`: git never prints them). */
const USERNAME_VARIABLE = 'CXONE_GITOPS_GIT_USERNAME';
const PASSWORD_VARIABLE = 'CXONE_GITOPS_GIT_PASSWORD';

/** A shell helper in git's `!` syntax: answers `get` with the two variables, ignores `store`/`erase`. */
const CREDENTIAL_HELPER = `!f() { test "$1" = get && printf 'username=%s\\npassword=%s\\n' "$${USERNAME_VARIABLE}" "$${PASSWORD_VARIABLE}"; }; f`;

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** GIT_SSH_COMMAND for the settings: never a prompt, the given key only, the given known hosts only. */
export function sshCommand(access: GitRemoteAccess = {}): string {
  const parts = ['ssh', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30'];
  if (access.sshKeyFile) parts.push('-o', 'IdentitiesOnly=yes', '-i', shellQuote(access.sshKeyFile));
  if (access.sshKnownHostsFile) parts.push('-o', `UserKnownHostsFile=${shellQuote(access.sshKnownHostsFile)}`, '-o', 'StrictHostKeyChecking=yes');
  return parts.join(' ');
}

/** The `-c` settings and environment git needs for `access`. */
export function gitAccessSettings(access: GitRemoteAccess = {}): { config: string[]; env: Record<string, string> } {
  const env: Record<string, string> = { GIT_SSH_COMMAND: sshCommand(access) };
  const config: string[] = [];
  if (access.credential) {
    // An empty value first drops helpers from the system and global configuration.
    config.push('credential.helper=', `credential.helper=${CREDENTIAL_HELPER}`);
    env[USERNAME_VARIABLE] = access.credential.username;
    env[PASSWORD_VARIABLE] = access.credential.password;
  }
  return { config, env };
}

/** What a credential setting adds to the pieces scrubbed from every message. */
export function accessSecrets(access: GitRemoteAccess = {}): string[] {
  const password = access.credential?.password;
  return password && password.length >= 4 ? [password, encodeURIComponent(password)] : [];
}

/**
 * Splits an http(s) URL's user-info off into a credential, so git is given the bare URL. Other URLs
 * are returned as they are.
 */
export function splitUrlCredential(url: string): { url: string; credential?: { username: string; password: string } } {
  const match = /^(https?:\/\/)([^/@\s]*)@(.*)$/i.exec(url);
  if (!match || credentialsOf(url).length === 0) return { url };
  const userInfo = match[2] ?? '';
  const colon = userInfo.indexOf(':');
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  // A lone user-info is a token given as the user name (GitHub's https://TOKEN@github.com/…).
  const credential = colon === -1 ? { username: decode(userInfo), password: decode(userInfo) } : { username: decode(userInfo.slice(0, colon)), password: decode(userInfo.slice(colon + 1)) };
  return { url: `${match[1]}${match[3]}`, credential };
}
