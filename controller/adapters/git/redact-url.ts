/**
 * Credentials never leave the process in a message: `https://user:token@host/repo.git` is printed
 * as `https://host/repo.git`, and the pieces of the user-info are scrubbed wherever else they show up.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s]*@/gi;

/** The placeholder for a scrubbed credential. */
export const REDACTED_CREDENTIAL = '[redacted]';

/** Strips `user:pass@` from every URL in `text`. */
export function redactUrl(text: string): string {
  return text.replace(URL_USERINFO, '$1');
}

/**
 * The secret pieces of a repository URL: the password, and the user name of an http(s) URL (where a
 * token is often passed as the user name). An ssh user name (`git@`) is not a secret.
 */
export function credentialsOf(repoUrl: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/\s]*)@/i.exec(repoUrl);
  if (!match) return [];
  const scheme = (match[1] ?? '').toLowerCase();
  const userInfo = match[2] ?? '';
  const colon = userInfo.indexOf(':');
  const user = colon === -1 ? userInfo : userInfo.slice(0, colon);
  const password = colon === -1 ? '' : userInfo.slice(colon + 1);
  const pieces = [userInfo, password];
  if (scheme !== 'ssh' && scheme !== 'git+ssh' && scheme !== 'ssh+git') pieces.push(user);
  return [...new Set(pieces.flatMap((piece) => [piece, safeDecode(piece)]))].filter((piece) => piece.length >= 4);
}

/** Strips credentials from URLs in `text` and scrubs every given secret piece. */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let result = redactUrl(text);
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret && result.includes(secret)) result = result.split(secret).join(REDACTED_CREDENTIAL);
  }
  return result;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
