/**
 * `cxone-gitops simulate FILE`: the local simulator's prediction for one campaign file, with the
 * operating profile it used. Offline. Exit 0 when the predicted abandon bound is within the
 * file's limit, 2 when it breaks it, 1 when the file is invalid.
 */
import { judgeSkillPrediction, simulateSkill } from '../reconcile/skill-local-gate.js';
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { desiredStateRootOf } from '../adapters/fs/desired-state-root.js';
import { loadDesiredState, type LoadedDesiredState } from '../adapters/fs/load-desired-state.js';
import { formatDiagnostic } from '../domain/diagnostic.js';
import { GATE_SEED, judgeGate, operatingProfileFor, percent } from '../reconcile/local-gate.js';
import { MAX_REPLICATIONS, MODEL_IDS, PC_MODEL_IDS, simulate, type ModelId, type PcModelId, type SimulationSummary } from '../simulation/index.js';
import { modelProblem } from '../simulation/model-versions.js';

interface SimulateOptions {
  format: 'text' | 'json';
  replications: number;
  seed: number;
  duration?: number;
  model?: ModelId | PcModelId;
}

/** `--model` of the other kind of file than `file` is: the message, exit 1 (README, "Model versions"). */
function refuseModel(file: string, problem: string): void {
  process.stderr.write(`${file}: --model: ${problem}\n`);
  process.exitCode = 1;
}

function integer(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return parsed;
  };
}

function renderText(file: string, summary: SimulationSummary, limit: number, verdict: string): string {
  const estimate = (e: { mean: number; halfWidth: number }) => `${percent(e.mean)} ± ${percent(e.halfWidth)}`;
  const p = summary.profile;
  return [
    `${file}: ${summary.model}, ${summary.replications} replications of ${summary.durationSeconds} s, seed ${summary.seed}`,
    `profile: ${p.agents} agents, answer ${p.answerProbability}, machine ${p.machineProbability}, ring mean ${p.ringMeanSeconds} s (timeout ${p.ringTimeoutSeconds} s), ` +
      `talk ${p.avgTalkSeconds} s (cv ${p.talkCv}), wrap ${p.wrapSeconds} s, patience ${p.abandonAfterSeconds} s, machine hold ${p.machineHoldSeconds} s`,
    `weights: ${Object.entries(summary.weights).map(([key, value]) => `${key} ${value}`).join(', ')}`,
    '',
    `abandon rate        ${estimate(summary.abandonRate)}  (upper 95% bound ${percent(summary.abandonRateUpper95)}, limit ${percent(limit)})`,
    `agent occupancy     ${estimate(summary.occupancy)}`,
    `answer rate         ${estimate(summary.answerRate)}`,
    `mean wait           ${summary.meanWaitSeconds.mean.toFixed(2)} s ± ${summary.meanWaitSeconds.halfWidth.toFixed(2)} s`,
    `dials per run       ${summary.dials.mean.toFixed(0)}, connected ${summary.connected.mean.toFixed(0)}, abandoned ${summary.abandoned.mean.toFixed(1)}`,
    '',
    verdict,
    '',
  ].join('\n');
}

const EXAMPLE = 'pass one campaign file, e.g. desired-state/retention/spring-renewals.yaml';

function checkIsFile(file: string): void {
  let info;
  try {
    info = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = new InvalidArgumentError(code === 'ENOENT' ? `${file}: no such file: ${EXAMPLE}` : `${file}: cannot read it (${code ?? String(error)})`);
    problem.cause = error;
    throw problem;
  }
  if (!info.isFile()) throw new InvalidArgumentError(`${file} is a directory: ${EXAMPLE}`);
}

/** Why a readable, valid file is not something to simulate. */
function notACampaign(file: string, root: string, target: string, validation: LoadedDesiredState['validation']): string {
  if (validation.policyPath !== undefined && resolve(validation.policyPath) === target) {
    return `${file} is the policy file (kind: ControllerPolicy), which holds repository-wide defaults: ${EXAMPLE}`;
  }
  return `${file}: not read as a campaign file (only *.yaml and *.yml outside dot-directories are): see cxone-gitops validate ${root}`;
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('predict what the dialer does with one campaign file (offline); exit 0 within the abandon limit, 2 over it, 1 invalid')
    .argument('<file>', 'a campaign file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--duration <seconds>', "simulated seconds (default: the file's simulation.durationSeconds)", integer('--duration', 1, 86_400))
    .option('--replications <n>', 'independent runs averaged', integer('--replications', 2, MAX_REPLICATIONS), 20)
    .option('--seed <n>', 'seed; the same seed gives the same prediction', integer('--seed', 0, 2 ** 31), GATE_SEED)
    .addOption(new Option('--model <model>', 'the model version (default: the current one; an older one reproduces its predictions)').choices([...MODEL_IDS, ...PC_MODEL_IDS]))
    .action(async (file: string, options: SimulateOptions) => {
      checkIsFile(file);
      const root = relative(process.cwd(), desiredStateRootOf(file)) || '.';
      const { validation, diagnostics } = await loadDesiredState(root);
      const target = resolve(file);
      const own = diagnostics.filter((d) => resolve(d.path) === target);
      const campaign = validation.campaigns.find((c) => resolve(c.path) === target);
      const skill = validation.skills.find((candidate) => resolve(candidate.path) === target);
      if (!campaign && skill) {
        const problem = modelProblem(options.model, 'skill');
        if (problem !== undefined) return refuseModel(file, problem);
        const model = options.model as PcModelId | undefined;
        const summary = simulateSkill(skill, { durationSeconds: options.duration, replications: options.replications, seed: options.seed, model });
        const gate = judgeSkillPrediction(summary, skill.simulation.maxAbandonRate);
        const text = `${file}: ${summary.model}, ${summary.replications} replications of ${summary.durationSeconds} s, seed ${summary.seed}\n` +
          `abandon rate ${percent(summary.abandonRate.mean)} ± ${percent(summary.abandonRate.halfWidth)} (upper 95% bound ${percent(summary.abandonRateUpper95)}, limit ${percent(skill.simulation.maxAbandonRate)}), ` +
          `occupancy ${percent(summary.occupancy.mean)}, mean ratio ${summary.meanRatio.mean.toFixed(2)}, cut off ${summary.cutoffSeconds.mean.toFixed(0)} s\n\n${gate.pass ? 'PASS' : 'FAIL'}: ${gate.reason}\n`;
        process.stdout.write(options.format === 'json' ? `${JSON.stringify({ file, skill: skill.name, pass: gate.pass, limit: skill.simulation.maxAbandonRate, reason: gate.reason, summary }, null, 2)}\n` : text);
        process.exitCode = gate.pass ? 0 : 2;
        return;
      }
      if (!campaign) {
        const lines = own.some((d) => d.severity === 'error') ? own.map(formatDiagnostic) : [notACampaign(file, root, target, validation)];
        process.stderr.write(`${lines.join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      const problem = modelProblem(options.model, 'campaign');
      if (problem !== undefined) return refuseModel(file, problem);
      const profile = operatingProfileFor(campaign);
      const summary = simulate({
        ...(options.model === undefined ? {} : { model: options.model as ModelId }),
        weights: campaign.parameterWeights,
        profile,
        durationSeconds: options.duration ?? campaign.simulation.durationSeconds,
        replications: options.replications,
        seed: options.seed,
      });
      const limit = campaign.simulation.maxAbandonRate;
      const gate = judgeGate({ abandonRate: summary.abandonRate.mean, abandonRateUpper95: summary.abandonRateUpper95, occupancy: summary.occupancy.mean, answerRate: summary.answerRate.mean }, limit);
      const verdict = gate.pass ? `PASS: ${gate.reason}` : `FAIL: ${gate.reason}`;
      process.stdout.write(options.format === 'json' ? `${JSON.stringify({ file, campaign: campaign.name, pass: gate.pass, limit, reason: gate.reason, summary }, null, 2)}\n` : renderText(file, summary, limit, verdict));
      process.exitCode = gate.pass ? 0 : 2;
    });
}
