import { expect } from 'chai';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { heartbeatBranch } from '../../controller/adapters/election/git-heartbeat.js';
import { git, replaceInFile, startHarness, type Harness } from '../support/controller-harness.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { spawnCli, type CliProcess } from '../support/spawn-cli.js';
import { waitFor } from '../support/wait-for.js';

/** Beats every 2 s: a heartbeat is stale 6 s after its last beat. */
const HEARTBEAT_SECONDS = 2;
const STALE_MS = HEARTBEAT_SECONDS * 3 * 1000;
/**
 * The controller SIGKILLed in the stale-heartbeat test beats every 10 s (stale after 30 s), so that
 * a successor started right after the kill checks well before the limit even on a loaded machine.
 */
const KILLED_HEARTBEAT_SECONDS = 10;
const KILLED_STALE_MS = KILLED_HEARTBEAT_SECONDS * 3 * 1000;

interface Started {
  name: string;
  child: CliProcess;
  proxy: RecordingProxy;
  dataDir: string;
}

describe('one writer without leader election: the heartbeat branch on the Git remote, two controller processes', function () {
  this.timeout(180_000);
  let harness: Harness;
  const started: Started[] = [];
  const branch = (): string => heartbeatBranch(harness.env.CXONE_CLIENT_ID!);
  const remoteHeartbeat = async (): Promise<string> => git(harness.dir, 'ls-remote', harness.remote, `refs/heads/${branch()}`);

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    for (const { child, proxy } of started) {
      await child.stop('SIGKILL');
      await proxy.close();
    }
    await harness?.close();
  });

  /** Spawns `cxone-gitops run` on DATA_DIR data-<dataName>, behind its own recording proxy. */
  async function spawnController(name: string, dataName = name, heartbeatSeconds = HEARTBEAT_SECONDS): Promise<Started> {
    const proxy = await startRecordingProxy(harness.emulator.url);
    const dataDir = path.join(harness.dir, `data-${dataName}`);
    const env = { PATH: process.env.PATH ?? '', ...harness.env, CXONE_DOMAIN: proxy.url, DATA_DIR: dataDir, GITOPS_HEARTBEAT_SECONDS: String(heartbeatSeconds), LOG_LEVEL: 'info' };
    const entry = { name, child: spawnCli(['run'], { env }), proxy, dataDir };
    started.push(entry);
    return entry;
  }
  const exitOf = (entry: Started, timeoutMs: number): Promise<number | string> =>
    waitFor(() => (entry.child.child.exitCode ?? entry.child.child.signalCode ?? undefined) as number | string | undefined, { timeoutMs, what: `${entry.name} to exit (stderr: ${entry.child.stderr().slice(-400)})` });
  /** Serving and ready: its start (the first reconcile) is over, so SIGTERM reaches its handler. */
  const ready = async (entry: Started): Promise<void> => {
    const match = await entry.child.waitForLine(/listening on (http:\/\/\S+?)["\s]/, 30_000);
    await waitFor(async () => (await fetch(`${match[1]!}/readyz`)).status === 200, { timeoutMs: 30_000, what: `${entry.name} /readyz 200` });
  };
  const holderOf = async (entry: Started): Promise<string> => {
    const instance = (await readFile(path.join(entry.dataDir, 'instance-id'), 'utf8')).trim();
    return `${os.hostname()} (pid ${entry.child.child.pid}, instance ${instance.slice(0, 8)})`;
  };

  let first: Started;
  it('a second controller for the same repository and client id refuses to start, names the first (host, pid, instance), exits 1 and writes nothing', async () => {
    first = await spawnController('a');
    await ready(first);
    expect(await remoteHeartbeat(), 'the heartbeat branch').to.match(/^[0-9a-f]{40}\s/);
    // Work a second controller would apply at its start if it were let in.
    await harness.push('a change only a second controller would pick up at once', (work) => replaceInFile(path.join(work, 'sales/solar-leads.yaml'), 'answer_rate: 0.10', 'answer_rate: 0.14'));

    const second = await spawnController('b');
    expect(await exitOf(second, 30_000)).to.equal(1);
    expect(second.child.stderr()).to.include('another controller already writes for').and.include(await holderOf(first));
    expect(second.child.stderr()).to.include(`stale ${STALE_MS / 1000} s after its last beat`);
    expect(second.proxy.writes(), 'writes of the refused controller').to.deep.equal([]);
    expect(first.child.child.exitCode, 'the first goes on').to.equal(null);
  });

  it('a restart on the same DATA_DIR after SIGKILL takes its own heartbeat over at once', async () => {
    await first.child.stop('SIGKILL');
    const restarted = await spawnController('a-again', 'a');
    await ready(restarted);
    expect(restarted.child.stdout()).to.include('the heartbeat of an earlier run on this DATA_DIR');
    first = restarted;
  });

  it('a graceful stop deletes the heartbeat branch, so the next controller starts at once', async () => {
    expect(await first.child.stop('SIGTERM')).to.equal(0);
    expect(await remoteHeartbeat(), 'the heartbeat branch after SIGTERM').to.equal('');
    first = await spawnController('c', 'c', KILLED_HEARTBEAT_SECONDS);
    await ready(first);
    expect(first.child.stdout()).to.include('holding the single-writer heartbeat');
  });

  it(`the heartbeat of a SIGKILLed controller blocks others only until it is stale (${KILLED_STALE_MS / 1000} s after its last beat)`, async () => {
    const dead = await holderOf(first);
    await first.child.stop('SIGKILL');
    const killedAt = Date.now();
    const refusals: string[] = [];
    // Start again and again, as a restarting pod does, until one is let in.
    const successor = await waitFor(
      async () => {
        const attempt = await spawnController('d', 'd');
        // It serves before it checks the heartbeat: let in means it took the heartbeat.
        const outcome = await waitFor(() => (/took over the stale heartbeat|holding the single-writer heartbeat/.test(attempt.child.stdout()) ? 'let in' : attempt.child.child.exitCode !== null && 'exited'), { timeoutMs: 30_000, what: 'the attempt to take the heartbeat or exit' });
        if (outcome === 'let in') return attempt;
        refusals.push(attempt.child.stderr());
        return undefined;
      },
      { timeoutMs: KILLED_STALE_MS + 30_000, intervalMs: 200, what: 'a successor to start' },
    );
    expect(refusals.length, 'attempts refused while the dead heartbeat was fresh').to.be.greaterThan(0);
    for (const refusal of refusals) expect(refusal).to.include(dead);
    expect(Date.now() - killedAt, 'let in after the stale limit, not before').to.be.at.least(KILLED_STALE_MS - KILLED_HEARTBEAT_SECONDS * 1000);
    expect(successor.child.stdout()).to.include(`took over the stale heartbeat of ${dead}`);
    first = successor;
    await ready(first);
  });

  it('a controller whose heartbeat another controller took stops writing and exits 1, naming it', async () => {
    // Another controller (a clock far ahead, a copied deployment) pushes its own beat over ours.
    const other = { holder: 'other-host (pid 4242, instance deadbeef)', instanceId: 'deadbeef-0000-4000-8000-000000000000', host: 'other-host', pid: 4242, session: 'other', startedAt: new Date().toISOString(), beatAt: new Date().toISOString(), intervalSeconds: 30, staleAfterSeconds: 90 };
    const work = path.join(harness.dir, 'foreign-heartbeat');
    await mkdir(work, { recursive: true });
    await git(work, 'init', '--quiet');
    await writeFile(path.join(work, 'heartbeat.json'), JSON.stringify(other));
    await git(work, 'add', 'heartbeat.json');
    await git(work, '-c', 'user.name=other', '-c', 'user.email=other@localhost', 'commit', '--quiet', '-m', 'heartbeat');
    await git(work, 'push', '--quiet', '--force', harness.remote, `HEAD:refs/heads/${branch()}`);
    const takenAt = Date.now();

    expect(await exitOf(first, HEARTBEAT_SECONDS * 1000 + 20_000)).to.equal(1);
    expect(first.child.stderr()).to.include(`was taken by ${other.holder}`);
    expect(first.proxy.writes().filter((write) => write.at > takenAt + 250), 'writes after the heartbeat was taken').to.deep.equal([]);
    // It left the other's heartbeat in place (no delete on the way out).
    expect(await remoteHeartbeat()).to.include((await git(work, 'rev-parse', 'HEAD')).trim());
  });
});
