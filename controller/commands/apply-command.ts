/**
 * `cxone-gitops apply [DIR]`: runs the reconciler once over a checkout (for apply-on-merge
 * pipelines), with the same gates, conditional writes, verification, rollback and audit records as
 * the controller, on the dialect CXONE_DIALECT picks (adapters/cxone/target-from-config.ts):
 * CampaignWeights files on the tutorial's API, OutboundSkill files on the real CXone's. Exit 0
 * when every object converged (Synced or Suspended), 1 otherwise.
 */
import { Option, type Command } from 'commander';
import { actorFor } from '../adapters/cxone/client-from-config.js';
import { reconcileTargetFromConfig } from '../adapters/cxone/target-from-config.js';
import { loadDesiredState } from '../adapters/fs/load-desired-state.js';
import { createAuditTrail } from '../adapters/git/audit-trail.js';
import { restoredCampaignStates } from '../adapters/git/status-document.js';
import { createGitRunner } from '../adapters/git/git-runner.js';
import { createProcessLogger, LOG_FORMATS } from '../adapters/logging/create-process-logger.js';
import type { LogFormat } from '../adapters/logging/create-text-logger.js';
import type { Logger } from '../adapters/logging/logger.js';
import { secretsOfConfig } from '../adapters/logging/config-secrets.js';
import { readConfig, withDotEnv } from '../config.js';
import type { CampaignState } from '../domain/campaign-state.js';
import { formatDiagnostic } from '../domain/diagnostic.js';
import type { AuditSink } from '../reconcile/reconcile-campaign.js';
import { createSimulationPool, type SimulationPool } from '../simulation/index.js';
import { verificationOptions } from '../reconcile/verify-apply.js';
import { holdForCommand } from '../adapters/election/one-shot-writer.js';
import { plural } from '../report/format-value.js';
import { applyObjects } from './apply-objects.js';
import { commandClientOptions } from './command-client.js';

interface ApplyOptions {
  audit: boolean;
  logFormat: LogFormat;
}

async function gitOutput(dir: string, ...args: string[]): Promise<string | undefined> {
  try {
    return (await createGitRunner({ baseDir: dir }).run(args)).trim() || undefined;
  } catch {
    return undefined;
  }
}

const CONVERGED = new Set<CampaignState['status']>(['Synced', 'Suspended']);
const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** The states, one line each, the summary line, and the exit code. */
function report(results: readonly CampaignState[], noun: string, invalidFiles: number): void {
  for (const state of results) say(`${state.name}: ${state.status}: ${state.reason}`);
  const converged = results.filter((state) => CONVERGED.has(state.status)).length;
  say(`${converged} of ${plural(results.length, noun)} converged, ${invalidFiles} invalid files`);
  process.exitCode = converged === results.length && invalidFiles === 0 ? 0 : 1;
}

async function runApply(dir: string, options: ApplyOptions): Promise<void> {
  const config = readConfig(withDotEnv(process.env), ['cxone']);
  const secrets = secretsOfConfig(config);
  const log: Logger = createProcessLogger({ format: options.logFormat, level: config.logLevel === 'info' ? 'warn' : config.logLevel, secrets, stream: 'stderr' });
  const loaded = await loadDesiredState(dir);
  for (const diagnostic of loaded.diagnostics) say(formatDiagnostic(diagnostic));
  const policy = loaded.validation.policy;
  if (!policy) {
    say('cxone-gitops apply: the policy file is invalid: nothing applied');
    process.exitCode = 1;
    return;
  }
  const revision = (await gitOutput(dir, 'rev-parse', 'HEAD')) ?? 'working-tree';
  const repoUrl = config.git.repoUrl ?? (await gitOutput(dir, 'remote', 'get-url', 'origin'));
  // One writer (README "High availability"): the heartbeat, and the lease under LEADER_ELECTION=etcd.
  const writer = await holdForCommand('apply', config, repoUrl, log).catch((error: unknown) => {
    say(`cxone-gitops apply: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return undefined;
  });
  if (!writer) return;
  const fence = writer.fence;
  const trail = options.audit && repoUrl ? createAuditTrail({ repoUrl, access: config.git.access, auditBranch: config.git.auditBranch, dataDir: config.dataDir, log, fence }) : undefined;
  if (options.audit && !trail) say('cxone-gitops apply: no GITOPS_REPO_URL and no origin remote: audit records are printed instead of committed');
  const audit: AuditSink = trail ?? { record: async (record) => void process.stdout.write(`${JSON.stringify(secrets.scrub(record))}\n`) };
  let pool: SimulationPool | undefined;
  let outcome: { results: CampaignState[]; noun: string };
  try {
    pool = createSimulationPool({ size: config.simulationWorkers });
    // CXONE_DIALECT picks the objects and the API (the one place: adapters/cxone/target-from-config.ts).
    const target = reconcileTargetFromConfig(config, { log, secrets, fence, ...commandClientOptions('apply') });
    const previous = new Map<string, CampaignState>();
    if (trail) {
      await trail.start();
      for (const [name, state] of restoredCampaignStates(await trail.readStatuses(), log, target.statusProblem)) previous.set(name, state);
    }
    const results = await applyObjects({
      target,
      deps: { pool, audit, actor: actorFor(config), now: () => new Date(), log, verification: verificationOptions() },
      objects: target.objects(loaded.validation),
      revision,
      windows: policy.syncWindows,
      previous,
      progress: say,
    });
    outcome = { results, noun: target.noun };
  } finally {
    await pool?.close();
    await trail?.stop();
    await writer.release();
  }
  report(outcome.results, outcome.noun, loaded.invalidFiles);
}

export function registerApplyCommand(program: Command): void {
  program
    .command('apply')
    .description('reconcile a checkout once (apply-on-merge); exit 0 when every campaign (CXONE_DIALECT=cxone: skill) converged, 1 otherwise')
    .argument('[dir]', 'the desired-state directory', '.')
    .option('--no-audit', 'do not record to the audit branch (records are printed as JSON lines instead)')
    .addOption(new Option('--log-format <format>', 'problems as readable lines on stderr, or as JSON log lines').choices(LOG_FORMATS).default('text'))
    .action((dir: string, options: ApplyOptions) => runApply(dir, options));
}
