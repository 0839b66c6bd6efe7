/**
 * `cxone-gitops apply [DIR]`: runs the reconciler once over a checkout (for apply-on-merge
 * pipelines), with the same gates, versioned PUTs, verification, rollback and audit records as
 * the controller. Exit 0 when every campaign converged (Synced or Suspended), 1 otherwise.
 */
import { Option, type Command } from 'commander';
import { actorFor } from '../adapters/cxone/client-from-config.js';
import { commandClient } from './command-client.js';
import { loadDesiredState } from '../adapters/fs/load-desired-state.js';
import { createAuditTrail } from '../adapters/git/audit-trail.js';
import { restoredCampaignStates } from '../adapters/git/status-document.js';
import { createGitRunner } from '../adapters/git/git-runner.js';
import { createProcessLogger, LOG_FORMATS } from '../adapters/logging/create-process-logger.js';
import type { LogFormat } from '../adapters/logging/create-text-logger.js';
import { SecretRegistry } from '../adapters/logging/secret-registry.js';
import { readConfig, withDotEnv } from '../config.js';
import { initialState, type CampaignState } from '../domain/campaign-state.js';
import { formatDiagnostic } from '../domain/diagnostic.js';
import { reconcileCampaign, type AuditSink } from '../reconcile/reconcile-campaign.js';
import { createSimulationPool } from '../simulation/index.js';
import { verificationOptions } from '../reconcile/verify-apply.js';
import { holdForCommand } from '../adapters/election/one-shot-writer.js';

async function gitOutput(dir: string, ...args: string[]): Promise<string | undefined> {
  try {
    return (await createGitRunner({ baseDir: dir }).run(args)).trim() || undefined;
  } catch {
    return undefined;
  }
}

const CONVERGED = new Set<CampaignState['status']>(['Synced', 'Suspended']);

export function registerApplyCommand(program: Command): void {
  program
    .command('apply')
    .description('reconcile a checkout once (apply-on-merge); exit 0 when every campaign converged, 1 otherwise')
    .argument('[dir]', 'the desired-state directory', '.')
    .option('--no-audit', 'do not record to the audit branch (records are printed as JSON lines instead)')
    .addOption(new Option('--log-format <format>', 'problems as readable lines on stderr, or as JSON log lines').choices(LOG_FORMATS).default('text'))
    .action(async (dir: string, options: { audit: boolean; logFormat: LogFormat }) => {
      const config = readConfig(withDotEnv(process.env), ['cxone']);
      const secrets = new SecretRegistry();
      secrets.add(config.cxone.clientSecret);
      secrets.add(config.git.access.credential?.password);
      const log = createProcessLogger({ format: options.logFormat, level: config.logLevel === 'info' ? 'warn' : config.logLevel, secrets, stream: 'stderr' });
      const loaded = await loadDesiredState(dir);
      for (const diagnostic of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
      if (!loaded.validation.policy) {
        process.stderr.write('cxone-gitops apply: the policy file is invalid: nothing applied\n');
        process.exitCode = 1;
        return;
      }
      const revision = (await gitOutput(dir, 'rev-parse', 'HEAD')) ?? 'working-tree';
      const repoUrl = config.git.repoUrl ?? (await gitOutput(dir, 'remote', 'get-url', 'origin'));
      // One writer (README "High availability"): the heartbeat, and the lease under LEADER_ELECTION=etcd.
      const writer = await holdForCommand('apply', config, repoUrl, log).catch((error: unknown) => {
        process.stderr.write(`cxone-gitops apply: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
        return undefined;
      });
      if (!writer) return;
      const fence = writer.fence;
      const trail = options.audit && repoUrl ? createAuditTrail({ repoUrl, access: config.git.access, auditBranch: config.git.auditBranch, dataDir: config.dataDir, log, fence }) : undefined;
      if (options.audit && !trail) process.stderr.write('cxone-gitops apply: no GITOPS_REPO_URL and no origin remote: audit records are printed instead of committed\n');
      const audit: AuditSink = trail ?? { record: async (record) => void process.stdout.write(`${JSON.stringify(secrets.scrub(record))}\n`) };
      const previous = new Map<string, CampaignState>();
      const pool = createSimulationPool({ size: config.simulationWorkers });
      const cxone = commandClient('apply', config, { log, secrets, fence });
      const results: CampaignState[] = [];
      try {
        if (trail) {
          await trail.start();
          for (const [name, state] of restoredCampaignStates(await trail.readStatuses(), log)) previous.set(name, state);
        }
        const queue = [...loaded.validation.campaigns];
        const worker = async (): Promise<void> => {
          for (let campaign = queue.shift(); campaign; campaign = queue.shift()) {
            const outcome = await reconcileCampaign(
              {
                cxone,
                pool,
                audit,
                actor: actorFor(config),
                now: () => new Date(),
                log,
                verification: verificationOptions(),
              },
              { campaign, revision, windows: loaded.validation.policy!.syncWindows, previous: previous.get(campaign.name) ?? initialState(campaign) },
            );
            results.push(outcome.state);
          }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
      } finally {
        await pool.close();
        await trail?.stop();
        await writer.release();
      }
      results.sort((a, b) => a.name.localeCompare(b.name));
      for (const state of results) process.stderr.write(`${state.name}: ${state.status}: ${state.reason}\n`);
      const converged = results.filter((state) => CONVERGED.has(state.status)).length;
      process.stderr.write(`${converged} of ${results.length} campaigns converged, ${loaded.invalidFiles} invalid files\n`);
      process.exitCode = converged === results.length && loaded.invalidFiles === 0 ? 0 : 1;
    });
}
