/**
 * `cxone-gitops plan [DIR]`: read-only. Validates the files, reads the live campaigns (one request
 * per page), and prints what an apply would do, with terraform's detailed exit code: 0 in sync,
 * 2 changes or drift, 1 invalid files or an API failure.
 */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { loadDesiredState, noFilesMessage } from '../adapters/fs/load-desired-state.js';
import { actorFor } from '../adapters/cxone/client-from-config.js';
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import { bindDialect } from '../adapters/cxone/target-from-config.js';
import { commandClientOptions } from './command-client.js';
import { SecretRegistry } from '../adapters/logging/secret-registry.js';
import { readConfig, withDotEnv } from '../config.js';
import type { CampaignSpec } from '../domain/campaign-spec.js';
import type { LiveCampaign } from '../domain/live-campaign.js';
import { decideDesiredState, summarizePlans } from '../domain/plan-desired-state.js';
import { liveSettings } from '../domain/dialer-settings.js';
import { operatingProfileFor, predict } from '../reconcile/local-gate.js';
import { withWarmPool, type SimulationPool } from '../simulation/index.js';
import { createProgress } from '../report/progress-bar.js';
import { mapConcurrent } from '../lib/map-concurrent.js';
import { planToJson, type PlanReport, type SimulationComparison } from '../report/plan-report.js';
import { renderPlanMarkdown } from '../report/render-plan-markdown.js';
import { renderPlanText } from '../report/render-plan-text.js';
import { readPlanHistory } from './plan-history.js';
import { planSkills, type PlanInput } from './plan-skills.js';

interface PlanOptions {
  format: 'text' | 'markdown' | 'json';
  out?: string;
  simulate: boolean;
}

/**
 * The local simulator's before → after for every changed campaign. Campaigns run concurrently (two
 * per worker) so that a bulk change keeps every worker busy; each prediction is seeded as the
 * controller's gate is, so the results equal the single-thread path's whatever the pool size.
 */
async function simulateChanges(
  report: PlanReport,
  live: Map<string, LiveCampaign>,
  campaigns: Map<string, CampaignSpec>,
  pool: SimulationPool,
  workers: number,
): Promise<void> {
  const changed = report.plan.plans.filter((plan) => plan.changes.length > 0 && live.has(plan.campaignId));
  if (changed.length === 0) return;
  const progress = createProgress(changed.length, 'simulating');
  try {
    const comparisons = await mapConcurrent(changed, 2 * workers, async (plan): Promise<SimulationComparison> => {
      const campaign = campaigns.get(plan.name)!;
      const current = live.get(plan.campaignId)!;
      const profile = operatingProfileFor(campaign, current);
      const { durationSeconds, maxAbandonRate } = campaign.simulation;
      const [before, after] = await Promise.all([
        predict(pool, liveSettings(current).parameterWeights, profile, durationSeconds),
        predict(pool, campaign.parameterWeights, profile, durationSeconds),
      ]);
      progress.tick(plan.name);
      return { before, after, limit: maxAbandonRate, breaksLimit: after.abandonRateUpper95 > maxAbandonRate };
    });
    changed.forEach((plan, index) => report.simulations.set(plan.name, comparisons[index]!));
  } finally {
    progress.done();
  }
}

/** The tutorial dialect's plan: the campaign files against the live campaigns. */
async function planCampaigns(client: CxoneClient, { config, dir, loaded, simulate }: PlanInput): Promise<PlanReport> {
  const { campaigns } = loaded.validation;
  return withWarmPool(simulate && campaigns.length > 0, config.simulationWorkers, async (pool) => {
    const live = await client.listCampaigns();
    const history = await readPlanHistory(config, dir);
    const plan = decideDesiredState({ campaigns, live, histories: history.histories, actor: actorFor(config), invalidFiles: loaded.invalidFiles });
    const report: PlanReport = { plan, diagnostics: loaded.diagnostics, simulations: new Map(), history: history.history };
    if (pool !== undefined) {
      await simulateChanges(report, new Map(live.map((campaign) => [campaign.id, campaign])), new Map(campaigns.map((campaign) => [campaign.name, campaign])), pool, config.simulationWorkers);
    }
    return report;
  });
}

export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('show what an apply would change on the live campaigns (read-only); exit 0 in sync, 2 changes or drift, 1 errors')
    .argument('[dir]', 'the desired-state directory', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--out <file>', 'write the plan to FILE instead of standard output')
    .option('--simulate', 'add the local simulator\'s predictions before → after for each changed campaign (skills: dialer-des/pc-v2)', false)
    .action(async (dir: string, options: PlanOptions) => {
      const config = readConfig(withDotEnv(process.env), ['cxone']);
      const loaded = await loadDesiredState(dir);
      if (loaded.fileCount === 0) throw new Error(noFilesMessage(dir));
      const secrets = new SecretRegistry();
      let report: PlanReport;
      try {
        // CXONE_DIALECT picks the planner and its client (adapters/cxone/target-from-config.ts).
        const plan = bindDialect(config, { tutorial: (client) => (input: PlanInput) => planCampaigns(client, input), cxone: (client) => (input: PlanInput) => planSkills(client, input) }, { secrets, ...commandClientOptions('plan') });
        report = await plan({ config, dir, loaded, simulate: options.simulate });
      } catch (error) {
        const message = secrets.scrub(error instanceof Error ? error.message : String(error));
        report = { plan: summarizePlans([], loaded.invalidFiles), diagnostics: loaded.diagnostics, simulations: new Map(), error: message };
      }
      const rendered =
        options.format === 'json'
          ? `${JSON.stringify(planToJson(report), null, 2)}\n`
          : options.format === 'markdown'
            ? renderPlanMarkdown(report)
            : renderPlanText(report, { colour: !options.out && process.stdout.isTTY === true && !process.env.NO_COLOR, showError: Boolean(options.out) });
      if (options.out) {
        await writeFile(options.out, rendered).catch((error: unknown) => {
          throw new Error(`cannot write the plan to ${options.out} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check the directory exists and is writable`);
        });
      }
      else process.stdout.write(rendered);
      if (report.error) process.stderr.write(`cxone-gitops plan: ${report.error}\n`);
      process.exitCode = report.error ? 1 : report.plan.exitCode;
    });
}
