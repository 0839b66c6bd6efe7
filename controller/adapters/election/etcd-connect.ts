/**
 * Reaching etcd as configured (README "High availability", "etcd over TLS"): the TLS files read
 * with errors naming the setting and file, and a first call at start that turns a certificate or
 * password etcd refuses into an error that says what to fix. An etcd that is merely unreachable
 * does not stop the start: the replica stands by and campaigns once etcd answers.
 */
import { readFile } from 'node:fs/promises';
import type { Etcd3 } from 'etcd3';
import type { Logger } from '../logging/logger.js';
import type { ElectionSettings } from './election-settings.js';

export interface EtcdTls {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** ETCD_TLS_SERVER_NAME: the name the server certificates are checked against. */
  serverName?: string;
}

async function readSetting(name: string, file: string): Promise<Buffer> {
  try {
    const content = await readFile(file);
    if (!/-----BEGIN [A-Z ]+-----/.test(content.toString('latin1'))) throw new Error('it holds no PEM block (-----BEGIN ...-----)');
    return content;
  } catch (error) {
    throw new Error(`${name} "${file}" cannot be used: ${error instanceof Error ? error.message : String(error)}. Set ${name} to a readable PEM file`, { cause: error });
  }
}

/** The PEM files the TLS settings name, read; undefined without ETCD_CA_FILE. */
export async function readEtcdTls(tls: ElectionSettings['tls']): Promise<EtcdTls | undefined> {
  if (!tls) return undefined;
  return {
    ca: await readSetting('ETCD_CA_FILE', tls.caFile),
    ...(tls.certFile ? { cert: await readSetting('ETCD_CERT_FILE', tls.certFile) } : {}),
    ...(tls.keyFile ? { key: await readSetting('ETCD_KEY_FILE', tls.keyFile) } : {}),
    ...(tls.serverName ? { serverName: tls.serverName } : {}),
  };
}

const TLS_FAILURE = /certificate|self[- ]signed|SSL|TLS|handshake|unable to verify|wrong version number|ECONNRESET/i;
const AUTH_FAILURE = /authentication failed|invalid user ID or password|user name is empty|permission denied|auth: /i;

/** What the first call's failure means, for people; undefined when it is not a settings problem. */
export function etcdSettingsProblem(message: string, settings: ElectionSettings): string | undefined {
  const where = settings.endpoints.join(', ');
  if (AUTH_FAILURE.test(message)) return `etcd at ${where} refused ETCD_USERNAME "${settings.auth?.username ?? ''}" and its password (${message}): check ETCD_USERNAME and ETCD_PASSWORD, and that etcd has this user with a role on the /cxone-gitops/ prefix`;
  if (!TLS_FAILURE.test(message)) return undefined;
  if (!settings.tls) return `etcd at ${where} could not be reached over plain connections (${message}): if etcd serves TLS, use https:// endpoints and set ETCD_CA_FILE`;
  return `the TLS connection to etcd at ${where} failed (${message}): check that ETCD_CA_FILE "${settings.tls.caFile}" is the CA that signed the etcd servers' certificates, that each certificate names the endpoint's host${settings.tls.certFile ? '' : ', and set ETCD_CERT_FILE/ETCD_KEY_FILE if etcd asks for a client certificate'}`;
}

/**
 * One read within `timeoutMs`: throws an error saying what to fix when etcd refuses our
 * certificates or password; logs and goes on when etcd does not answer at all.
 */
export async function probeEtcd(client: Etcd3, settings: ElectionSettings, log: Logger, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.get('/cxone-gitops/').exec(), timeout]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const problem = etcdSettingsProblem(message, settings);
    if (problem) throw new Error(problem, { cause: error });
    log.warn({ endpoints: settings.endpoints, error: message }, 'etcd does not answer yet: standing by, campaigning once it does');
  } finally {
    clearTimeout(timer);
  }
}
