import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Campaign } from '../../../emulator/types.js';
import { httpRequest } from '../../support/http-request.js';
import { spawnCli, type CliProcess } from '../../support/spawn-cli.js';

describe('cxone-gitops emulator (the command)', () => {
  let tmp: string;
  let emulator: CliProcess | undefined;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-emulator-cli-'));
  });
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('serves HTTPS seeded from desired-state/ with some live drift, and stops cleanly on SIGTERM', async () => {
    const certFile = path.join(tmp, 'cert.pem');
    emulator = spawnCli(['emulator', '--port', '0', '--tls', '--cert-out', certFile, '--from', 'desired-state']);
    const [, url] = await emulator.waitForLine(/CXone emulator listening on (https:\/\/127\.0\.0\.1:\d+)/);
    const ca = await readFile(certFile, 'utf8');
    const token = await httpRequest<{ access_token: string }>(`${url}/api/v2/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=emulator-client&client_secret=emulator-secret',
      ca,
    });
    expect(token.status).to.equal(200);
    const list = await httpRequest<{ entities: Campaign[] }>(`${url}/api/v2/outbound/campaigns`, { headers: { authorization: `Bearer ${token.body.access_token}` }, ca });
    const names = list.body.entities.map((c) => c.name).sort();
    expect(names).to.deep.equal(['broadband-upsell', 'early-arrears', 'late-stage-recovery', 'solar-leads', 'spring-renewals', 'winback-lapsed']);
    const spring = list.body.entities.find((c) => c.name === 'spring-renewals')!;
    expect(spring.id).to.equal('a1b2c3d4-e5f6-7890-abcd-ef1234567890');
    const winback = list.body.entities.find((c) => c.name === 'winback-lapsed')!;
    expect(winback.operatingProfile).to.include({ agents: 20, avgTalkSeconds: 240 });
    const drifted = list.body.entities.filter((c) => c.modifiedBy.startsWith('ui:'));
    expect(drifted.length, 'some campaigns start drifted').to.be.within(1, names.length - 1);
    expect(await emulator.stop('SIGTERM')).to.equal(0);
    expect(emulator.stdout()).to.include('CXone emulator stopped');
  });

  it('generates campaigns and reports a wrong flag clearly', async () => {
    emulator = spawnCli(['emulator', '--port', '0', '--campaigns', '30', '--rate-limit', '0']);
    await emulator.waitForLine(/listening on http:\/\/127\.0\.0\.1:\d+/);
    // The count is the line after "listening": wait for it rather than read stdout at once (two writes, maybe two chunks).
    await emulator.waitForLine(/30 campaigns/);
    expect(await emulator.stop('SIGINT')).to.equal(0);
    const bad = spawnCli(['emulator', '--port', 'eighty']);
    expect(await bad.exited).to.equal(1);
    expect(bad.stderr()).to.match(/--port must be an integer from 0 to 65535/);
    const scope = spawnCli(['emulator', '--scopes', 'outbound:campaign:read,everything']);
    expect(await scope.exited).to.equal(1);
    expect(scope.stderr()).to.match(/unknown scope everything/);
  });

  it('exits 1 at once when it cannot listen, naming the port', async () => {
    emulator = spawnCli(['emulator', '--port', '0']);
    const [, port] = await emulator.waitForLine(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const second = spawnCli(['emulator', '--port', port!]);
    expect(await second.exited).to.equal(1);
    expect(second.stderr()).to.match(new RegExp(`cannot listen on 127.0.0.1:${port} \\(EADDRINUSE\\): port ${port} is in use`));
  });
});
