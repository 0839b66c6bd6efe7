import { expect } from 'chai';
import { createServer, type Server } from 'node:net';
import { startHarness, type Harness } from '../support/controller-harness.js';
import { exitCodeWithin, spawnCli } from '../support/spawn-cli.js';

describe('cxone-gitops run refuses to start, and exits', function () {
  this.timeout(60_000);
  let harness: Harness;
  let blocker: Server | undefined;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    blocker = undefined;
    await harness.close();
  });

  const run = (extra: Record<string, string>) => spawnCli(['run'], { env: { PATH: process.env.PATH ?? '', ...harness.env, LOG_LEVEL: 'info', ...extra } });

  it('exits 1 at once when HTTP_HOST is not loopback and HTTP_AUTH_TOKEN is not set', async () => {
    const child = run({ HTTP_HOST: '0.0.0.0' });
    expect(await exitCodeWithin(child, 10_000)).to.equal(1);
    expect(child.stderr()).to.include('set HTTP_AUTH_TOKEN');
  });

  it('exits 1 at once when HTTP_PORT is already in use, naming the port', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const child = run({ HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) });
    expect(await exitCodeWithin(child, 10_000)).to.equal(1);
    expect(child.stderr()).to.include(String(port));
  });
});
