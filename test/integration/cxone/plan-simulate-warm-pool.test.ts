/**
 * `cxone-gitops plan --simulate` on OutboundSkill files starts and warms its simulation pool before
 * it reads the skills from CXone (docs/architecture.md "The simulator"), observed from outside the
 * process: the emulator holds the plan's first read of the skills, and while it is held the test
 * counts the process's threads (/proc/<pid>/task). The pool's worker threads are started only by
 * its warm-up (or by a first simulation, which cannot come before the read), so with
 * SIMULATION_WORKERS=2 the plan with `--simulate` must have exactly 2 threads more at that moment
 * than the same plan without it (node's own threads, V8's and libuv's, are the same in both). A
 * pool warmed after the read, or never warmed, gives 0 more. Linux only (/proc).
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import type { SkillSpec } from '../../../controller/domain/skill-spec.js';
import { startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { liveSkillFor } from '../../../emulator/cxone/seed-skills.js';
import { cxoneCliEnv, skillWorkspace } from '../../support/cxone-cli-fixture.js';
import { spawnCli, type CliProcess } from '../../support/spawn-cli.js';
import { waitFor } from '../../support/wait-for.js';

const WORKERS = 2;

interface HeldPlan {
  /** The request that was held (the plan's first read of the skills). */
  heldUrl: string;
  /** Threads of the plan's process while it was held. */
  threads: number;
  code: number | string;
  stdout: string;
  stderr: string;
}

(existsSync('/proc/self/task') ? describe : describe.skip)('cxone-gitops plan --simulate on OutboundSkill files: the pool is started and warmed before the skills are read', function () {
  this.timeout(180_000);
  let tmp: string;
  let ca: string;
  let tls: { key: string; cert: string };
  let skills: SkillSpec[];
  let emulator: RunningCxoneEmulator | undefined;
  let cli: CliProcess | undefined;
  let release: (() => void) | undefined;

  before(async () => {
    ({ tmp, ca, tls, skills } = await skillWorkspace('cxone-plan-warm-pool-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));
  afterEach(async () => {
    await cli?.stop('SIGKILL');
    release?.();
    await emulator?.close();
  });

  /** Runs `plan` with `args` against an emulator that holds its first request for the skills, and counts its threads meanwhile. */
  async function planHeldAtFirstSkillsRead(args: string[]): Promise<HeldPlan> {
    let heldUrl: string | undefined;
    release = undefined;
    emulator = await startCxoneEmulator({
      tls,
      rateLimitPerMinute: 0,
      skills: skills.map((skill) => liveSkillFor(skill)),
      // The emulator's extension point: hold the first request for the skills until the test lets it go.
      traffic: (app) => {
        app.addHook('onRequest', async (request) => {
          if (heldUrl !== undefined || !request.url.toLowerCase().includes('/skills')) return;
          heldUrl = request.url;
          await new Promise<void>((resolve) => (release = resolve));
        });
        return undefined;
      },
    });
    const child = spawnCli(['plan', 'desired-state-cxone', '--format', 'json', ...args], { cwd: tmp, env: cxoneCliEnv(emulator, ca, { SIMULATION_WORKERS: String(WORKERS) }) });
    cli = child;
    await waitFor(
      () => {
        if (child.child.exitCode !== null) throw new Error(`plan exited before its read was held: ${child.stderr().slice(-500)}`);
        return release !== undefined;
      },
      { timeoutMs: 60_000, what: "the plan's first read of the skills", stopOn: () => true },
    );
    const threads = (await readdir(`/proc/${child.child.pid!}/task`)).length;
    release!();
    const code = await child.exited;
    await emulator.close();
    emulator = undefined;
    return { heldUrl: heldUrl!, threads, code, stdout: child.stdout(), stderr: child.stderr() };
  }

  it(`has its ${WORKERS} simulation workers running while the plan waits for its first read of the skills, then finishes`, async () => {
    const plain = await planHeldAtFirstSkillsRead([]);
    expect(plain.code, plain.stderr).to.equal(0);
    const simulated = await planHeldAtFirstSkillsRead(['--simulate']);
    expect(simulated.code, simulated.stderr).to.equal(0);
    expect(simulated.heldUrl, 'the same read held in both').to.equal(plain.heldUrl);
    expect(simulated.threads - plain.threads, `threads while ${simulated.heldUrl} was held: ${simulated.threads} with --simulate, ${plain.threads} without`).to.equal(WORKERS);
    expect((JSON.parse(simulated.stdout) as { summary: unknown }).summary).to.deep.equal((JSON.parse(plain.stdout) as { summary: unknown }).summary);
  });
});
