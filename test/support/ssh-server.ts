/**
 * A loopback `sshd` (Debian's openssh-server) for Git-over-SSH tests: a test-owned configuration,
 * host key, pid file and authorized key in a temporary directory, on 127.0.0.1 and a free port,
 * public-key authentication only. The process is started and stopped by its own handle.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestProcess } from './test-process.js';

const exec = promisify(execFile);
export const SSHD = ['/usr/sbin/sshd'].find((path) => existsSync(path));

export interface SshServer {
  port: number;
  user: string;
  /** The client key the server accepts. */
  clientKey: string;
  /** A known_hosts file holding the server's host key. */
  knownHosts: string;
  /** A known_hosts file holding some other key for the same host (a changed or unknown host key). */
  wrongKnownHosts: string;
  /** A client key the server does not accept. */
  strangerKey: string;
  /** `ssh://user@127.0.0.1:port<path>` */
  url(path: string): string;
  close(): Promise<void>;
}

async function keygen(file: string): Promise<string> {
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cxone-gitops-test', '-f', file]);
  return (await readFile(`${file}.pub`, 'utf8')).trim();
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startSshServer(): Promise<SshServer> {
  if (!SSHD) throw new Error('sshd is not installed: run .ci/run, or apt-get install openssh-server');
  // sshd insists on its privilege-separation directory even with a test-owned configuration.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'cxone-sshd-'));
  const hostKey = (await keygen(join(dir, 'host_key'))).split(' ').slice(0, 2).join(' ');
  const otherHostKey = (await keygen(join(dir, 'other_host_key'))).split(' ').slice(0, 2).join(' ');
  const clientPublic = await keygen(join(dir, 'client_key'));
  await keygen(join(dir, 'stranger_key'));
  await writeFile(join(dir, 'authorized_keys'), `${clientPublic}\n`, { mode: 0o600 });
  const port = await freePort();
  await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
  await writeFile(join(dir, 'wrong_known_hosts'), `[127.0.0.1]:${port} ${otherHostKey}\n`);
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'UsePAM no',
    `SetEnv PATH=${process.env.PATH ?? '/usr/bin:/bin'}`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'sshd_config'), config);
  const sshd = startTestProcess('sshd', SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')]);
  const close = async (): Promise<void> => {
    await sshd.stop('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await sshd.waitUntil((log) => /Server listening on 127\.0\.0\.1/.test(log), { timeoutMs: 15_000, what: 'sshd to listen' });
  } catch (error) {
    await close();
    throw error;
  }
  const user = userInfo().username;
  return {
    port,
    user,
    clientKey: join(dir, 'client_key'),
    strangerKey: join(dir, 'stranger_key'),
    knownHosts: join(dir, 'known_hosts'),
    wrongKnownHosts: join(dir, 'wrong_known_hosts'),
    url: (path) => `ssh://${user}@127.0.0.1:${port}${path}`,
    close,
  };
}
