/**
 * The real-CXone dialect's API cost, counted in the cxone emulator's request log: a no-op sweep of
 * 1,000 outbound skills (aim: at most 3 API calls plus the token), and applying one change to each
 * of 200 skills after a sweep (calls per applied skill: re-read, PUT, read-back).
 */
import { createCxoneSkillsClient } from '../../controller/adapters/cxone/cxone-skills-client.js';
import { applySkill } from '../../controller/adapters/cxone/skill-conditional-write.js';
import { DEFAULT_ANALYSIS, type SkillSpec } from '../../controller/domain/skill-spec.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../emulator/cxone/cxone-emulator-server.js';
import { generateSkills } from '../../emulator/cxone/seed-skills.js';
import type { BenchRow, Benchmark } from './bench-types.js';
import { median, spread } from './stats.js';

const AT = { line: 1, column: 1 };

function clientFor(emulator: RunningCxoneEmulator) {
  return createCxoneSkillsClient({
    authUrl: emulator.url,
    clientId: DEFAULT_APPLICATION.clientId,
    clientSecret: DEFAULT_APPLICATION.clientSecret,
    accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
    accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret,
    ratePerMinute: 100_000,
  });
}

function counts(emulator: RunningCxoneEmulator, since: number): { api: number; auth: number } {
  const entries = emulator.context.requests.query({ since });
  const api = entries.filter((entry) => entry.path.toLowerCase().startsWith('/incontactapi/')).length;
  return { api, auth: entries.length - api };
}

function skillSpec(skillId: number): SkillSpec {
  return {
    kind: 'OutboundSkill',
    name: `skill-${skillId}`,
    skillId,
    labels: {},
    path: `${skillId}.yaml`,
    groups: { generalSettings: { maximumRingingDuration: 41 } },
    sync: { policy: 'enforce' },
    simulation: { durationSeconds: 300, maxAbandonRate: 0.03, onFailure: 'rollback', profile: {} },
    analysis: { ...DEFAULT_ANALYSIS },
    positions: { name: AT, skillId: AT, spec: AT },
  };
}

async function sweepRun(): Promise<{ api: number; auth: number; ms: number }> {
  const emulator = await startCxoneEmulator({ rateLimitPerMinute: 0, skills: generateSkills(1000, 7) });
  try {
    const started = performance.now();
    const skills = await clientFor(emulator).listSkills();
    if (skills.length !== 1000) throw new Error(`swept ${skills.length} skills, expected 1000`);
    return { ...counts(emulator, 0), ms: performance.now() - started };
  } finally {
    await emulator.close();
  }
}

async function applyRun(): Promise<{ perSkill: number; total: number }> {
  const emulator = await startCxoneEmulator({ rateLimitPerMinute: 0, skills: generateSkills(200, 9) });
  try {
    const client = clientFor(emulator);
    const live = new Map((await client.listSkills()).map((skill) => [skill.skillId, skill]));
    const since = emulator.context.requests.lastSeq;
    const queue = [...live.keys()];
    const worker = async (): Promise<void> => {
      for (let skillId = queue.shift(); skillId !== undefined; skillId = queue.shift()) {
        const result = await applySkill(client, skillSpec(skillId), live.get(skillId));
        if (result.outcome !== 'applied') throw new Error(`skill ${skillId} was not applied: ${result.outcome}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const { api } = counts(emulator, since);
    return { perSkill: api / 200, total: api };
  } finally {
    await emulator.close();
  }
}

export const cxoneDialectBenchmark: Benchmark = {
  name: 'cxone-dialect',
  async run(): Promise<BenchRow[]> {
    const sweeps = [];
    for (let i = 0; i < 5; i += 1) sweeps.push(await sweepRun());
    const applies = [];
    for (let i = 0; i < 3; i += 1) applies.push(await applyRun());
    const whole = (n: number): string => String(n);
    return [
      { benchmark: 'cxone-dialect', figure: 'no-op sweep of 1,000 skills: API calls', median: whole(median(sweeps.map((s) => s.api))), spread: spread(sweeps.map((s) => s.api), whole), runs: sweeps.length, aim: '≤ 3 plus token' },
      { benchmark: 'cxone-dialect', figure: 'no-op sweep of 1,000 skills: token + discovery calls', median: whole(median(sweeps.map((s) => s.auth))), spread: spread(sweeps.map((s) => s.auth), whole), runs: sweeps.length },
      { benchmark: 'cxone-dialect', figure: 'no-op sweep of 1,000 skills: wall time (ms)', median: median(sweeps.map((s) => s.ms)).toFixed(0), spread: spread(sweeps.map((s) => s.ms), (n) => n.toFixed(0)), runs: sweeps.length },
      { benchmark: 'cxone-dialect', figure: 'apply one change to 200 skills: API calls in all (after the sweep)', median: whole(median(applies.map((a) => a.total))), spread: spread(applies.map((a) => a.total), whole), runs: applies.length },
      { benchmark: 'cxone-dialect', figure: 'apply one change to 200 skills: API calls per skill', median: median(applies.map((a) => a.perSkill)).toFixed(2), spread: spread(applies.map((a) => a.perSkill), (n) => n.toFixed(2)), runs: applies.length, aim: '3 (re-read, PUT, read-back)' },
    ];
  },
};
