/**
 * The demo as a new user meets it (README, "Try it"): `cxone-gitops demo --port 0` spawned as a
 * process, its banner and its first verified apply awaited with a deadline, then a walk through the
 * dashboard in Debian's chromium — the index, the drifted observe campaign with who and when, a
 * supervisor's edit of an enforce campaign healed and kept in the page's drift history. Screenshots
 * go to a temporary directory (printed), never into the repository. A taken port exits 1 with a hint.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { httpRequest } from '../support/http-request.js';
import { REPO_ROOT } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

const CHROMIUM = '/usr/bin/chromium';
const DEMO_CLI = path.join(REPO_ROOT, 'dist/emulator/cli.js');
const SPRING_RENEWALS = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';

interface Demo {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDemo(dir: string, port: string): Demo {
  const child = spawn(process.execPath, [DEMO_CLI, 'demo', '--dir', dir, '--port', port], { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function stopDemo(demo: Demo | undefined): Promise<void> {
  if (!demo || demo.child.exitCode !== null) return;
  demo.child.kill('SIGTERM');
  await demo.exited;
}

interface StatusCampaign {
  name: string;
  path: string;
  status: string;
  lastHealedDrift?: { modifiedBy?: string };
}

describe('the demo, walked as a new user (spawned demo + chromium)', function () {
  this.timeout(240_000);
  let dir: string;
  let shots: string;
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let dashboard = '';
  let emulator = '';

  const campaigns = async (): Promise<StatusCampaign[]> => (await httpRequest<{ campaigns: StatusCampaign[] }>(`${dashboard}/api/status`)).body.campaigns;
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  };

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`\n!! SKIPPING the demo walk-through: ${CHROMIUM} is missing (.ci/run installs chromium).\n`);
      this.skip();
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-demo-'));
    shots = await mkdtemp(path.join(os.tmpdir(), 'cxone-demo-shots-'));
    demo = startDemo(path.join(dir, 'demo'), '0');
    const banner = await waitFor(() => /Dashboard {10}(http:\/\/127\.0\.0\.1:\d+)\/[\s\S]*?Alerts/.exec(demo!.output()) ?? (demo!.child.exitCode !== null && 'exited'), {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'the demo banner',
    });
    if (banner === 'exited') throw new Error(`the demo exited before its banner:\n${demo.output()}`);
    emulator = /CXone emulator {5}(http:\/\/127\.0\.0\.1:\d+)/.exec(demo.output())![1]!;
    dashboard = banner[1]!;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });

  after(async () => {
    await browser?.close();
    await stopDemo(demo);
    if (dir) await rm(dir, { recursive: true, force: true });
    if (shots) console.log(`      screenshots: ${shots}`);
  });

  it('prints its banner and verifies its first apply (the seeded drift of broadband-upsell healed)', async () => {
    expect(demo!.output()).to.include('cxone-gitops demo is running.');
    expect(demo!.output()).to.include('cd "$(mktemp -d)" && git clone');
    const healed = await waitFor(async () => (await campaigns()).find((c) => c.name === 'broadband-upsell' && c.status === 'Synced' && c.lastHealedDrift), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'broadband-upsell healed and verified',
    });
    expect(healed.lastHealedDrift?.modifiedBy).to.equal('ui:sam.okafor');
    expect((await campaigns()).map((c) => c.path).sort(), 'repository-relative paths, not into the data directory').to.include('sales/broadband-upsell.yaml');
    await waitFor(() => /heal verified: broadband-upsell \(now v\d+\): local gate predicted \d+\.\d\d% abandon; CXone's simulation verified \d+\.\d\d% \(upper 95% bounds; limit \d+\.\d\d%\)/.exec(demo!.output()) ?? undefined, {
      timeoutMs: 30_000,
      what: "the demo to print the heal's verdict with the gate's prediction beside CXone's",
    }).catch(async (error: unknown) => {
      const verdicts = demo!.output().split('\n').filter((line) => /^(heal|apply) /.test(line));
      const status = (await campaigns()).find((c) => c.name === 'broadband-upsell');
      throw new Error(`${(error as Error).message}; verdict lines: ${JSON.stringify(verdicts)}; broadband-upsell now: ${JSON.stringify(status)}`);
    });
    await waitFor(() => demo!.output().includes('alert (opened):') && demo!.output().includes('early-arrears was changed outside Git by ui:jane.doe'), { timeoutMs: 30_000, what: 'the alert receiver to print the drift alert' });
  });

  it('index → the drifted observe campaign: its page shows the drift with who and when', async () => {
    await page.goto(`${dashboard}/`);
    await page.waitForSelector('tr[data-campaign="early-arrears"][data-status="Drifted"]', { timeout: 30_000 });
    await shot('1-index');
    await page.click('tr[data-campaign="early-arrears"] a');
    await page.waitForURL(`${dashboard}/campaigns/early-arrears`);
    const drift = (await page.locator('#drift').textContent()) ?? '';
    expect(drift).to.match(/Changed outside Git by ui:jane\.doe at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(await page.locator('#git-vs-live tr[data-field="parameterWeights.predictive_factor"]').getAttribute('class')).to.equal('differs');
    expect(await page.locator('#facts').textContent()).to.include('collections/early-arrears.yaml');
    expect(await page.locator('#facts').textContent()).not.to.include(dir);
    await shot('2-early-arrears-drifted');
  });

  it('a supervisor edit of an enforce campaign is healed, its page keeps the drift in its history, and its weights chart has a dot at the adoption before the heal', async () => {
    await httpRequest(`${emulator}/emulator/campaigns/${SPRING_RENEWALS}`, { method: 'PATCH', body: { predictiveDialerSettings: { parameterWeights: { predictive_factor: 0.05 } }, modifiedBy: 'ui:jane.doe' } });
    await waitFor(async () => (await campaigns()).find((c) => c.name === 'spring-renewals' && c.status === 'Synced' && c.lastHealedDrift?.modifiedBy === 'ui:jane.doe'), {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'the next sweep to heal spring-renewals',
    });
    await page.goto(`${dashboard}/campaigns/spring-renewals`);
    const healed = (await page.locator('#drift-healed').textContent()) ?? '';
    expect(healed).to.match(/Changed outside Git by ui:jane\.doe at .* UTC; healed/);
    expect(await page.locator('#drift').textContent()).to.include('parameterWeights.predictive_factor');
    expect(await page.locator('#git-vs-live tr.differs').count(), 'live matches Git again').to.equal(0);
    expect(await page.locator('#gate-vs-verified').textContent(), "the gate's prediction beside CXone's verification").to.match(/Last apply: local gate predicted \d+\.\d\d% abandon; CXone's simulation verified \d+\.\d\d%/);
    const fit = await waitFor(async () => {
      const sizes = await page.locator('#weights figure.chart').evaluate((figure) => ({ container: figure.clientWidth, drawn: Number(figure.querySelector('svg')!.getAttribute('viewBox')!.split(' ')[2]) }));
      return Math.abs(sizes.container - sizes.drawn) < 8 ? sizes : undefined;
    }, { timeoutMs: 15_000, intervalMs: 250, what: 'the weights chart drawn at its container width' });
    expect(fit.container, 'wider than the old fixed 560 px in a 1280 px window').to.be.above(600);
    expect(await page.locator('#reason-now, h1 + p').first().textContent(), 'no raw ISO time in the reason').not.to.match(/\d{4}-\d\d-\d\dT\d\d:/);
    // The weights chart starts at the adoption: its dots (a tooltip per record), the adoption's leftmost, before the heal's.
    const dots = await waitFor(async () => {
      const found = await page.locator('#weights svg circle').evaluateAll((circles) => circles.map((circle) => ({ x: Number(circle.getAttribute('cx')), title: circle.querySelector('title')?.textContent ?? '' })));
      const adopted = found.filter((dot) => / — adopted \d{4}-\d\d-\d\d /.test(dot.title));
      const applied = found.filter((dot) => / — applied \d{4}-\d\d-\d\d /.test(dot.title));
      return adopted.length > 0 && applied.length > 0 ? { found, adopted, applied } : undefined;
    }, { timeoutMs: 15_000, intervalMs: 250, what: 'the weights chart with a dot at the adoption and at the heal' });
    const adoptedAt = Math.max(...dots.adopted.map((dot) => dot.x));
    expect(adoptedAt, 'the adoption before the heal').to.be.below(Math.min(...dots.applied.map((dot) => dot.x)));
    expect(Math.min(...dots.found.map((dot) => dot.x)), 'the chart starts at the adoption').to.equal(Math.min(...dots.adopted.map((dot) => dot.x)));
    await shot('3-spring-renewals-healed');
  });
});

describe('the demo on a taken port', function () {
  this.timeout(60_000);
  let holder: Server | undefined;
  let dir: string | undefined;
  let demo: Demo | undefined;

  after(async () => {
    await stopDemo(demo);
    await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 and says the port is in use, with the npm start -- --port 0 hint', async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', () => resolve()));
    const port = (holder.address() as { port: number }).port;
    dir = await mkdtemp(path.join(os.tmpdir(), 'cxone-demo-port-'));
    demo = startDemo(path.join(dir, 'demo'), String(port));
    const code = await Promise.race([demo.exited, waitFor(() => false, { timeoutMs: 45_000, what: 'the demo to exit' })]);
    expect(code).to.equal(1);
    expect(demo.output()).to.include(`cxone-gitops demo: port ${port} is in use; try \`npm start -- --port 0\``);
    expect(demo.output()).not.to.include('EADDRINUSE');
  });
});
