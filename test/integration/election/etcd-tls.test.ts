import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Etcd3, Range } from 'etcd3';
import { startElection, type StartedElection } from '../../../controller/adapters/election/start-election.js';
import { silentLogger } from '../../../controller/adapters/logging/logger.js';
import { readConfig } from '../../../controller/config.js';
import { startEtcdCluster, type EtcdCluster, type EtcdTlsFiles } from '../../support/etcd-cluster.js';
import { waitFor } from '../../support/wait-for.js';

const run = promisify(execFile);
/** A DNS name of the test server certificate: Node 26 refuses an IP address as TLS server name. */
const SERVER_NAME = 'etcd.cxone-gitops.test';

/** A CA and certificates it signs, made with openssl for this test only (EC P-256: quick). */
async function makePki(dir: string): Promise<EtcdTlsFiles & { wrongCaFile: string }> {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  for (const ca of ['ca', 'wrong-ca']) {
    await key(ca);
    await openssl('req', '-x509', '-new', '-key', `${ca}.key`, '-out', `${ca}.pem`, '-days', '1', '-subj', `/CN=cxone-gitops test ${ca}`);
  }
  for (const [name, usage, san] of [['server', 'serverAuth', `subjectAltName=DNS:${SERVER_NAME},IP:127.0.0.1\n`], ['client', 'clientAuth', '']] as const) {
    await key(name);
    await openssl('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=cxone-gitops-${name}`);
    await writeFile(path.join(dir, `${name}.ext`), `${san}extendedKeyUsage=${usage}\n`);
    await openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  }
  const at = (file: string) => path.join(dir, file);
  return { caFile: at('ca.pem'), certFile: at('server.pem'), keyFile: at('server.key'), clientCertFile: at('client.pem'), clientKeyFile: at('client.key'), clientCertAuth: true, wrongCaFile: at('wrong-ca.pem') };
}

describe('etcd over TLS (ETCD_CA_FILE, ETCD_CERT_FILE, ETCD_KEY_FILE, ETCD_TLS_SERVER_NAME) against a real TLS etcd', function () {
  this.timeout(60_000);
  let dir: string;
  let pki: Awaited<ReturnType<typeof makePki>>;
  let etcd: EtcdCluster;
  const started: StartedElection[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-etcd-tls-'));
    pki = await makePki(dir);
    etcd = await startEtcdCluster({ size: 1, tls: pki });
  });
  after(async () => {
    for (const election of started) await election.election.close().catch(() => undefined);
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const configWith = (env: Record<string, string>) =>
    readConfig({ LEADER_ELECTION: 'etcd', ETCD_ENDPOINTS: etcd.endpoints, LEADER_ELECTION_TTL: '2', GITOPS_REPO_URL: path.join(dir, 'remote.git'), CXONE_CLIENT_ID: 'tls-client', DATA_DIR: path.join(dir, 'data'), ETCD_TLS_SERVER_NAME: SERVER_NAME, ...env });
  const start = async (env: Record<string, string>): Promise<StartedElection> => {
    const election = await startElection(configWith(env), silentLogger);
    started.push(election);
    return election;
  };

  it('elects a leader over TLS with the CA and a client certificate', async () => {
    const { election } = await start({ ETCD_CA_FILE: pki.caFile, ETCD_CERT_FILE: pki.clientCertFile, ETCD_KEY_FILE: pki.clientKeyFile });
    election.start({ onElected: () => undefined, onLost: () => undefined });
    await waitFor(() => election.isLeader(), { timeoutMs: 15_000, what: 'the replica to lead over TLS' });
    expect(() => election.fence.assertMayWrite('a test write')).not.to.throw();
    await election.close();
  });

  it('fails the start with what to check when the server certificate is not signed by ETCD_CA_FILE', async () => {
    const failure = await start({ ETCD_CA_FILE: pki.wrongCaFile, ETCD_CERT_FILE: pki.clientCertFile, ETCD_KEY_FILE: pki.clientKeyFile }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).to.include(`the TLS connection to etcd at ${etcd.endpoints} failed`).and.include(`check that ETCD_CA_FILE "${pki.wrongCaFile}" is the CA that signed the etcd servers' certificates`);
  });

  it('fails the start, saying to set ETCD_CERT_FILE/ETCD_KEY_FILE, when etcd wants a client certificate and gets none', async () => {
    const failure = await start({ ETCD_CA_FILE: pki.caFile }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).to.include('the TLS connection to etcd').and.include('set ETCD_CERT_FILE/ETCD_KEY_FILE if etcd asks for a client certificate');
  });

  it('names the setting and file of a TLS file that is missing or not PEM', async () => {
    await writeFile(path.join(dir, 'not-pem.txt'), 'hello');
    const missing = await start({ ETCD_CA_FILE: path.join(dir, 'absent.pem') }).catch((error: unknown) => error as Error);
    expect((missing as Error).message).to.match(/^ETCD_CA_FILE ".*absent\.pem" cannot be used: .*ENOENT.*Set ETCD_CA_FILE to a readable PEM file$/);
    const notPem = await start({ ETCD_CA_FILE: pki.caFile, ETCD_CERT_FILE: path.join(dir, 'not-pem.txt'), ETCD_KEY_FILE: pki.clientKeyFile }).catch((error: unknown) => error as Error);
    expect((notPem as Error).message).to.include('ETCD_CERT_FILE').and.include('not-pem.txt').and.include('it holds no PEM block');
  });

});

describe('etcd authentication (ETCD_USERNAME, ETCD_PASSWORD) against a real etcd with auth enabled', function () {
  this.timeout(60_000);
  let dir: string;
  let etcd: EtcdCluster;
  const started: StartedElection[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-etcd-auth-'));
    etcd = await startEtcdCluster({ size: 1 });
    const admin = new Etcd3({ hosts: etcd.endpoints });
    try {
      await admin.role('root').create();
      await (await admin.user('root').create('root-password')).addRole('root');
      await (await admin.role('gitops').create()).grant({ permission: 'Readwrite', range: Range.prefix('/cxone-gitops/') });
      await (await admin.user('gitops').create('gitops-password')).addRole('gitops');
      await admin.auth.authEnable();
    } finally {
      admin.close();
    }
  });
  after(async () => {
    for (const election of started) await election.election.close().catch(() => undefined);
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (password: string): Promise<StartedElection> => {
    const config = readConfig({ LEADER_ELECTION: 'etcd', ETCD_ENDPOINTS: etcd.endpoints, LEADER_ELECTION_TTL: '2', GITOPS_REPO_URL: path.join(dir, 'remote.git'), CXONE_CLIENT_ID: 'auth-client', DATA_DIR: path.join(dir, 'data'), ETCD_USERNAME: 'gitops', ETCD_PASSWORD: password });
    const election = await startElection(config, silentLogger);
    started.push(election);
    return election;
  };

  it('leads with the right password, and a wrong password fails the start naming the user, never the password', async () => {
    const { election } = await start('gitops-password');
    election.start({ onElected: () => undefined, onLost: () => undefined });
    await waitFor(() => election.isLeader(), { timeoutMs: 15_000, what: 'the replica to lead with a password' });
    await election.close();

    const failure = await start('wrong-password').catch((error: unknown) => error as Error);
    expect((failure as Error).message).to.include(`refused ETCD_USERNAME "gitops" and its password`).and.include('check ETCD_USERNAME and ETCD_PASSWORD');
    expect((failure as Error).message).not.to.include('wrong-password');
  });
});
