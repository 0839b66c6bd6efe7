/**
 * The long-running controller shell (docs/architecture.md, "The controller shell"): one immutable
 * desired-state generation swapped in one assignment, one state per campaign, and a work queue
 * that reconciles campaigns on start-up, on every new commit of the watched branch and on every
 * sweep. Deleted files are reported and left alone; invalid files are reported and leave every
 * other campaign going.
 */
import { restoredCampaignStates } from '../adapters/git/status-document.js';
import { createWorkQueue } from '../scheduler/work-queue.js';
import { createWriteRightWait } from './write-right-wait.js';
import { ActionRefusedError } from './manual-actions.js';
import { fetched, loadGeneration, syncFromGit } from './controller-load.js';
import { reconcileOne } from './controller-reconcile-one.js';
import { createShell, type Observation, type Shell } from './controller-shell.js';
import { ensureMlWebhook, sweepAll } from './controller-sweep.js';
import { auditPendingOf, type Controller, type ControllerOptions, type ControllerStatus, type Readiness } from './controller-types.js';
import type { ActionRequest } from './manual-actions.js';
import type { ActionTicket } from './action-desk.js';
import { sourceFailureReason } from './source-health.js';
import { pageFrom, type StatusPageAnswer, type StatusPageQuery } from './status-page.js';
import type { CampaignState } from '../domain/campaign-state.js';

export type { Controller, ControllerAudit, ControllerOptions, ControllerStatus, DeletedCampaign, Readiness, SourceHealth } from './controller-types.js';

function readiness(shell: Shell): Readiness {
  if (!shell.isReady) return { ready: false, reason: shell.stopping.signal.aborted ? 'stopping' : 'starting' };
  const health = shell.sourceHealth.health();
  if (!health.ok) return { ready: false, reason: sourceFailureReason(health) };
  return { ready: true };
}

async function start(shell: Shell): Promise<void> {
  const { options, states, target, log } = shell;
  const { audit, source } = options;
  await audit.start();
  for (const [name, state] of restoredCampaignStates(await audit.readStatuses(), log, target.statusProblem)) {
    if ((state.status as string) !== 'Deleted') states.set(name, state);
  }
  await target.authenticate();
  await ensureMlWebhook(shell);
  const first = await source.sync();
  shell.sourceHealth.succeeded();
  await loadGeneration(shell, first, 'startup');
  // Incidents open before the restart keep firing in Alertmanager (README, "Alert sinks").
  shell.incidents.resumeOpen(states.values());
  source.onChange(() => void syncFromGit(shell, 'commit'));
  source.onFetch?.((error, schedule) => void fetched(shell, error, schedule));
  source.start();
  shell.sweepSchedule = options.createSweep?.(() => sweepAll(shell, 'sweep'));
  shell.sweepSchedule?.start();
  shell.isReady = true;
  log.info({ campaigns: shell.generation?.campaigns.size ?? 0, revision: first.revision }, 'controller started');
}

async function stop(shell: Shell): Promise<void> {
  shell.stopping.abort();
  shell.writeWait.stop();
  shell.actions.cancelAll('the controller is stopping');
  shell.isReady = false;
  // Each step is logged as it begins, so a stop that overruns its deadline says where it waited.
  const step = (what: string, fields: Record<string, unknown> = {}): void => shell.log.info({ ...fields }, `stopping: ${what}`);
  step('the sweep schedule and the Git source');
  await shell.sweepSchedule?.stop();
  await shell.options.source.stop();
  step('the revision being loaded, if any');
  await shell.syncing;
  step('the reconciles in flight', { running: shell.queue.stats().running });
  await shell.queue.stop();
  step('the audit journal: pushing what it holds (for at most its stop timeout, then git is killed)', { pending: shell.options.audit.pending() });
  await shell.options.audit.stop();
}

/** The status with `campaigns` as its campaigns (every one, or a page of them). */
function statusWith(shell: Shell, campaigns: CampaignState[]): ControllerStatus {
  const { generation, states } = shell;
  return {
    ready: readiness(shell).ready,
    incidents: [...shell.incidents.global(), ...states.incidents()],
    revision: generation?.snapshot.revision,
    commit: generation ? { subject: generation.snapshot.subject, author: generation.snapshot.author, committedAt: generation.snapshot.committedAt } : undefined,
    campaigns,
    deleted: [...shell.deleted],
    invalidFiles: [...(generation?.invalidFiles ?? [])],
    syncWindows: generation?.policy?.syncWindows,
    policyValid: generation?.policy !== undefined,
    queue: shell.queue.stats(),
    ...auditPendingOf(shell.options.audit.pending()),
    lastSuccessfulSweepAt: shell.lastSuccessfulSweepAt,
    cxone: shell.target.health(),
    source: shell.sourceHealth.health(),
  };
}

/** One page of `GET /api/status`, as `statusPageOf(status(), query)` gives it, from the page's states only (docs/architecture.md, "The status API at scale"). */
function statusPage(shell: Shell, query: StatusPageQuery): StatusPageAnswer {
  const { campaigns, page } = pageFrom(shell.states, query);
  return { ...statusWith(shell, campaigns), page, totals: shell.states.totals() };
}

function act(shell: Shell, name: string, request: ActionRequest): ActionTicket {
  const { generation } = shell;
  const campaign = generation?.campaigns.get(name);
  const state = shell.states.get(name);
  if (!campaign || !state || !generation?.policy) throw new ActionRefusedError(404, `no managed campaign named ${name}`);
  if (!shell.isReady || !shell.mayWrite()) throw new ActionRefusedError(503, shell.isReady ? 'this replica may not write now (not the leader): send the action to the leader' : 'the controller is starting: try again when /readyz is 200');
  return shell.actions.request(name, state, request, { campaign, windows: generation.policy.syncWindows, now: shell.now(), names: shell.target.capabilities }, () => shell.queue.add(name, 'manual'));
}

export function createController(options: ControllerOptions): Controller {
  const shell: Shell = Object.assign(createShell(options), {
    queue: createWorkQueue<string, Observation>({ concurrency: options.concurrency ?? 4, log: options.log, handler: (name, reason, observed) => reconcileOne(shell, name, reason, observed) }),
    writeWait: createWriteRightWait({ mayWrite: () => shell.mayWrite(), resume: (names) => void shell.queue.addAll(names, 'retry'), pollMs: options.writeRightPollMs }),
  });
  return {
    start: () => start(shell),
    stop: () => stop(shell),
    ready: () => readiness(shell).ready,
    readiness: () => readiness(shell),
    status: () => statusWith(shell, shell.states.inOrder()),
    statusPage: (query) => statusPage(shell, query),
    campaign: (name) => shell.states.get(name),
    notifyPush: () => options.source.notify(),
    act: (name, request) => act(shell, name, request),
    history: (name, limit = 200) => options.audit.readRecords({ campaign: name, limit }),
  };
}
