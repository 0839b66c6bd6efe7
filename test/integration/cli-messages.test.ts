/**
 * What a new user sees from the command line (issue 15): one readable line per problem, said at
 * once, naming what to do. Every command runs as a child process, as a user runs it.
 */
import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { loadDesiredStateCampaigns } from '../../emulator/desired-state-campaigns.js';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../../emulator/emulator-server.js';
import { createSelfSignedCertificate } from '../../emulator/tls-certificate.js';
import { startHarness } from '../support/controller-harness.js';
import { exitCodeWithin, REPO_ROOT, runCli, spawnCli } from '../support/spawn-cli.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const credentials = { PATH: process.env.PATH ?? '', CXONE_CLIENT_ID: DEFAULT_CLIENT.clientId, CXONE_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret };

describe('the command line says what went wrong, once, at once', function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ campaigns: (await loadDesiredStateCampaigns(path.join(REPO_ROOT, 'desired-state'), 1)).campaigns, rateLimitPerMinute: 0 });
  });
  after(() => emulator.close());
  afterEach(() => emulator.context.setFaults({ extra429Rate: 0 }));

  it('plan against a port nothing listens on says "cannot connect to host:port (ECONNREFUSED)", not that a circuit opened', async () => {
    const port = await freePort();
    const run = await runCli(['plan', 'desired-state'], { env: { ...credentials, CXONE_DOMAIN: `http://127.0.0.1:${port}` } });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.equal(
      `cxone-gitops plan: cannot connect to 127.0.0.1:${port} (ECONNREFUSED) for POST /api/v2/oauth/token: check CXONE_DOMAIN, and that CXone (or the emulator) is running there\n`,
    );
  });

  it('plan over https to a plain-HTTP server says to use http://', async () => {
    const hostPort = emulator.url.replace('http://', '');
    const run = await runCli(['plan', 'desired-state'], { env: { ...credentials, CXONE_DOMAIN: hostPort } });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(new RegExp(`^cxone-gitops plan: ${hostPort} answered plain HTTP to POST /api/v2/oauth/token: use http://${hostPort} in CXONE_DOMAIN`));
    expect(run.stderr.split('\n')).to.have.length(2);
  });

  it('plan and run with CXONE_DOMAIN on a port fetch refuses ("bad port") say which port and what to do, at once, not "connection failed" retried', async () => {
    const planned = await runCli(['plan', 'desired-state'], { env: { ...credentials, CXONE_DOMAIN: '127.0.0.1:1' } });
    expect(planned.code).to.equal(1);
    expect(planned.stdout).to.equal('');
    expect(planned.stderr).to.not.include('connection failed').and.not.include('circuit');
    expect(planned.stderr).to.equal(
      'cxone-gitops: invalid configuration:\n  - CXONE_DOMAIN "127.0.0.1:1": port 1 is a port fetch refuses to connect to ("bad port"): use the API\'s HTTPS port (443 when none is given), or start the emulator on another port (--port 0 picks a free one)\n',
    );
    const harness = await startHarness();
    try {
      const child = spawnCli(['run'], { env: { PATH: process.env.PATH ?? '', ...harness.env, CXONE_DOMAIN: 'https://127.0.0.1:6000' } });
      expect(await exitCodeWithin(child, 10_000), 'run refuses to start').to.equal(1);
      expect(child.stderr()).to.include('port 6000 is a port fetch refuses to connect to');
    } finally {
      await harness.close();
    }
  });

  it('plan says what it waits for when CXone answers 429 with Retry-After', async () => {
    emulator.context.setFaults({ extra429Rate: 1 });
    const run = await runCli(['plan', 'desired-state'], { env: { ...credentials, CXONE_DOMAIN: emulator.url } });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('cxone-gitops plan: waiting 1 s: CXone asked us to slow down (Retry-After)\n');
    expect(run.stdout, 'a failed plan prints no summary of zeros').to.not.include('Plan:');
    expect(run.stderr.match(/rate limited by CXone/g), 'the failure is said once').to.have.length(1);
  });

  it('simulate names a missing file, a directory and the policy file for what they are', async () => {
    const missing = await runCli(['simulate', 'nope.yaml']);
    expect(missing).to.deep.equal({ code: 1, stdout: '', stderr: 'cxone-gitops: nope.yaml: no such file: pass one campaign file, e.g. desired-state/retention/spring-renewals.yaml\n' });
    const directory = await runCli(['simulate', 'desired-state']);
    expect(directory.stderr).to.match(/^cxone-gitops: desired-state is a directory: pass one campaign file/);
    const policy = await runCli(['simulate', 'desired-state/cxone-gitops.yaml']);
    expect(policy.code).to.equal(1);
    expect(policy.stderr).to.equal(
      'desired-state/cxone-gitops.yaml is the policy file (kind: ControllerPolicy), which holds repository-wide defaults: pass one campaign file, e.g. desired-state/retention/spring-renewals.yaml\n',
    );
  });

  it('run --help lists the environment variables with their defaults', async () => {
    const help = await runCli(['run', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/Environment/).and.match(/GITOPS_REPO_URL +.*\(required\)/).and.match(/HTTP_PORT +.*\(default 8080\)/).and.match(/--log-format/);
  });

  it('emulator --help shows the scopes default once', async () => {
    const help = await runCli(['emulator', '--help']);
    const scopes = help.stdout.slice(help.stdout.indexOf('--scopes'), help.stdout.indexOf('--rate-limit'));
    expect(scopes.match(/default/g)).to.have.length(1);
  });

  it('emulator --help names every address the --tls certificate covers (localhost, 127.0.0.1 and ::1), as the certificate does', async () => {
    const covered = new X509Certificate((await createSelfSignedCertificate()).cert).subjectAltName!.split(', ').map((name) => name.replace(/^(DNS|IP Address):/, ''));
    expect(covered).to.deep.equal(['localhost', '127.0.0.1', '0:0:0:0:0:0:0:1']);
    const help = await runCli(['emulator', '--help']);
    const tls = help.stdout.slice(help.stdout.indexOf('--tls'), help.stdout.indexOf('--cert-out')).replace(/\s+/g, ' ');
    expect(tls).to.include('localhost, 127.0.0.1 and ::1');
  });

  it('npm run bench -- --only with an unknown name lists the names, without a stack trace', async () => {
    const run = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [path.join(REPO_ROOT, 'dist/test/bench/run.js'), '--only', 'nope'], (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr })),
    );
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^npm run bench: no benchmark matches --only nope: use one of simulator, [a-z0-9-]+(, [a-z0-9-]+)*\n$/);
  });

  it('run prints its "listening on" line whatever LOG_LEVEL says', async () => {
    const harness = await startHarness();
    try {
      const child = await harness.startControllerProcess({ LOG_LEVEL: 'warn' });
      const [line] = await child.waitForLine(/.*listening on http:\/\/127\.0\.0\.1:\d+.*/);
      expect(JSON.parse(line)).to.include({ level: 'info' });
    } finally {
      await harness.close();
    }
  });
});
