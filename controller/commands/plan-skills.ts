/**
 * `plan` on the real CXone dialect (CXONE_DIALECT=cxone; README, "Real CXone"): the OutboundSkill
 * files against one sweep of the skills API (`GET /skills/parameters` plus the `/skills` pages),
 * decided as the controller decides (domain/decide-skills.ts) with the audit branch's history. With
 * `--simulate`, each changed skill's live settings and the settings an apply would leave live are
 * both run through the pc-v1 local gate (reconcile/skill-local-gate.ts), on the gate's seed; the
 * pool starts and warms its workers before the skills are read (simulation/warm-pool.ts).
 */
import { createCxoneSkillDialect } from '../adapters/cxone/cxone-skill-dialect.js';
import type { CxoneSkillsClient } from '../adapters/cxone/cxone-skills-client.js';
import type { LoadedDesiredState } from '../adapters/fs/load-desired-state.js';
import type { Config } from '../config.js';
import { decideSkills } from '../domain/decide-skills.js';
import type { LiveSkill } from '../domain/live-skill.js';
import type { SkillSpec } from '../domain/skill-spec.js';
import { mapConcurrent } from '../lib/map-concurrent.js';
import { runSkillGate } from '../reconcile/skill-local-gate.js';
import type { PlanReport, SimulationComparison } from '../report/plan-report.js';
import { createProgress } from '../report/progress-bar.js';
import { PC_MODEL_ID, withWarmPool, type SimulationPool } from '../simulation/index.js';
import { plural } from '../report/format-value.js';
import { readSkillPlanHistory } from './plan-history.js';

/** What `plan` gives either dialect's planner. */
export interface PlanInput {
  config: Config;
  dir: string;
  loaded: LoadedDesiredState;
  simulate: boolean;
}

/** The pc-v1 gate on the live settings (before) and on live with the file's fields over them (after). */
async function compare(pool: Parameters<typeof runSkillGate>[0], skill: SkillSpec, live: LiveSkill): Promise<SimulationComparison> {
  const [before, after] = await Promise.all([runSkillGate(pool, { ...skill, groups: {} }, live), runSkillGate(pool, skill, live)]);
  return { before: before.prediction, after: after.prediction, limit: after.limit, breaksLimit: !after.pass, model: PC_MODEL_ID };
}

async function simulateSkillChanges(report: PlanReport, skills: readonly SkillSpec[], live: ReadonlyMap<string, LiveSkill>, pool: SimulationPool, workers: number): Promise<void> {
  const byName = new Map(skills.map((skill) => [skill.name, skill]));
  const changed = report.plan.plans.filter((plan) => plan.changes.length > 0 && live.has(plan.campaignId));
  if (changed.length === 0) return;
  const progress = createProgress(changed.length, 'simulating');
  try {
    const comparisons = await mapConcurrent(changed, 2 * workers, async (plan) => {
      const comparison = await compare(pool, byName.get(plan.name)!, live.get(plan.campaignId)!);
      progress.tick(plan.name);
      return comparison;
    });
    changed.forEach((plan, index) => report.simulations.set(plan.name, comparisons[index]!));
  } finally {
    progress.done();
  }
}

export async function planSkills(client: CxoneSkillsClient, { config, dir, loaded, simulate }: PlanInput): Promise<PlanReport> {
  const { skills, campaigns } = loaded.validation;
  const report = await withWarmPool(
    simulate && skills.length > 0,
    config.simulationWorkers,
    async (pool) => {
      const live = await createCxoneSkillDialect(client).sweep({ priority: 'sweep' });
      const history = await readSkillPlanHistory(config, dir);
      const plan = decideSkills({ skills, live, histories: history.histories, invalidFiles: loaded.invalidFiles });
      const planned: PlanReport = { plan, diagnostics: loaded.diagnostics, simulations: new Map(), history: history.history };
      if (pool !== undefined) await simulateSkillChanges(planned, skills, live, pool, config.simulationWorkers);
      return planned;
    },
  );
  if (campaigns.length > 0) process.stderr.write(`warning: ${plural(campaigns.length, 'CampaignWeights file')} not planned: CXONE_DIALECT=cxone plans OutboundSkill files (CXONE_DIALECT=tutorial plans campaigns)\n`);
  return report;
}
