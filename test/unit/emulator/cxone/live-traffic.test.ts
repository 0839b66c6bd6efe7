import { expect } from 'chai';
import Fastify from 'fastify';
import { LiveTraffic, INTERVAL_SECONDS } from '../../../../emulator/cxone/live-traffic.js';
import { registerReportingRoutes, type ReportingSkill } from '../../../../emulator/cxone/reporting-routes.js';
import { parseReportingDuration } from '../../../../controller/calibration/reporting-duration.js';
import { DEFAULT_PROFILE } from '../../../../controller/simulation/index.js';

const BASE = '/inContactAPI/services/v34.0';

function setup(timeScale = 60) {
  let now = Date.parse('2026-12-01T10:00:00.000Z');
  const skills: ReportingSkill[] = [
    { skillId: 11, skillName: 'renewals', isOutbound: true, isRunning: true, generalSettings: { maximumRatio: 2, aggressiveness: 'Moderate' }, cpaSettings: { abandonTimeout: 2 } },
    { skillId: 12, skillName: 'idle', isOutbound: true, isRunning: false, generalSettings: {} },
  ];
  let scale = timeScale;
  const traffic = new LiveTraffic({ timeScale: () => scale, now: () => now, skills: () => skills, seed: 5 });
  return { traffic, skills, tick: (ms: number) => (now += ms), at: () => now, setScale: (n: number) => (scale = n) };
}

describe('emulator/cxone/LiveTraffic', () => {
  it('dials for a running skill in virtual time and not for a stopped one', () => {
    const { traffic, tick, at } = setup(60);
    const start = at();
    tick(60_000); // one real minute = one simulated hour
    const running = traffic.totals(11, start, at());
    expect(running.dials).to.be.above(1000);
    expect(running.handled).to.be.above(100);
    expect(running.connects + running.abandons).to.be.at.most(running.dials);
    expect(traffic.totals(12, start, at()).dials).to.equal(0);
  });

  it('splits a period without losing or double-counting traffic', () => {
    const { traffic, tick, at } = setup(60);
    const start = at();
    tick(20_000);
    const middle = at();
    tick(20_000);
    const [a, b, whole] = [traffic.totals(11, start, middle), traffic.totals(11, middle, at()), traffic.totals(11, start, at())];
    expect(a.dials + b.dials).to.equal(whole.dials);
    expect(a.abandons + b.abandons).to.equal(whole.abandons);
  });

  it('paces with the settings the store holds from the moment it changes them', () => {
    const { traffic, skills, tick, at } = setup(120);
    skills[0]!.trueProfile = { ...DEFAULT_PROFILE, answerProbability: 0.9, machineProbability: 0 };
    skills[0]!.generalSettings = { maximumRatio: 3, maxConcurrentCallsPerAgent: 3, aggressiveness: 'aggressive', abandonRateThreshold: 20, abandonRateCutoff: 30, percentageOfAgentsBeforeOverdial: 0 };
    const start = at();
    tick(60_000);
    expect(traffic.totals(11, start, at()).abandons).to.be.above(0);
    traffic.advance();
    skills[0]!.generalSettings = { maximumRatio: 1 };
    traffic.advance();
    tick(30 * 60_000 / 120); // 15 simulated minutes for the calls in flight to clear
    const settled = at();
    tick(60_000);
    expect(traffic.totals(11, settled, at()).abandons).to.equal(0);
  });

  it('skips a stopped skill without reading its settings or profile, and dials with the profile it was given while stopped once started', () => {
    let now = Date.parse('2026-12-01T10:00:00.000Z');
    const reads = { count: 0 };
    const stopped = (skillId: number): ReportingSkill => {
      const skill: ReportingSkill = { skillId, skillName: `s${skillId}`, isOutbound: true, isRunning: false };
      for (const field of ['generalSettings', 'cpaSettings', 'trueProfile'] as const) {
        let value: unknown = field === 'generalSettings' ? { maximumRatio: 2 } : undefined;
        Object.defineProperty(skill, field, { enumerable: true, get: () => ((reads.count += 1), value), set: (next: unknown) => (value = next) });
      }
      return skill;
    };
    const skills = Array.from({ length: 1000 }, (_, index) => stopped(100 + index));
    const traffic = new LiveTraffic({ timeScale: () => 60, now: () => now, skills: () => skills, seed: 5 });
    for (let advance = 0; advance < 10; advance += 1) {
      now += 100;
      traffic.advance();
    }
    expect(reads.count, "a stopped skill's settings and profile are not read").to.equal(0);
    skills[0]!.trueProfile = { ...DEFAULT_PROFILE, agents: 40 };
    traffic.advance();
    skills[0]!.isRunning = true;
    traffic.advance();
    expect(traffic.agentsLoggedIn(100), 'the profile given while stopped').to.equal(40);
    const start = now;
    now += 60_000;
    expect(traffic.totals(100, start, now).dials).to.be.above(1000);
    expect(traffic.totals(101, start, now).dials).to.equal(0);
    skills[0]!.isRunning = false;
    traffic.advance();
    expect(traffic.agentsLoggedIn(100), 'stopped again').to.equal(0);
  });

  it('does not dial for a skill whose true profile the model cannot run', () => {
    const { traffic, skills, tick, at } = setup(60);
    skills[0]!.trueProfile = { ...DEFAULT_PROFILE, agents: 0 };
    const start = at();
    tick(60_000);
    expect(traffic.totals(11, start, at()).dials).to.equal(0);
  });

  it('follows a change of the time scale without moving past traffic', () => {
    const { traffic, tick, at, setScale } = setup(60);
    const start = at();
    tick(30_000); // 30 simulated minutes
    traffic.advance();
    const before = traffic.totals(11, start, at());
    setScale(600);
    traffic.advance();
    const changed = at();
    tick(3_000); // 30 more simulated minutes
    expect(traffic.totals(11, start, changed)).to.deep.equal(before);
    expect(traffic.simulatedAt(at())).to.equal(3600);
    expect(traffic.realAt(3600)).to.equal(at());
  });
});

describe('emulator/cxone/reporting routes', () => {
  async function app() {
    const context = setup(60);
    const server = Fastify();
    registerReportingRoutes(server, {
      base: BASE,
      traffic: context.traffic,
      skills: () => context.skills,
      sendError: (reply, status, error, description) => reply.code(status).send({ error, error_description: description }),
    });
    await server.ready();
    return { server, ...context };
  }

  it('answers GET /skills/{id}/summary with the counts of the period, durations as ISO 8601', async () => {
    const { server, tick, at } = await app();
    const start = new Date(at()).toISOString();
    tick(60_000);
    const response = await server.inject({ url: `${BASE}/skills/11/summary?startDate=${start}&endDate=${new Date(at()).toISOString()}` });
    expect(response.statusCode).to.equal(200);
    const [summary] = response.json().skillSummaries;
    expect(summary).to.include({ skillId: 11, skillName: 'renewals', isOutbound: true, agentsLoggedIn: 40, mediaTypeId: 4 });
    expect(summary.dials).to.be.above(1000);
    expect(parseReportingDuration(summary.averageTalkTime)).to.be.within(150, 210);
    expect(parseReportingDuration(summary.averageWrapTime)).to.equal(15);
    expect(summary.abandonCount).to.be.a('number');
    await server.close();
  });

  it('answers 404 Invalid skillId and 400 Invalid parameter as the dialect does', async () => {
    const { server } = await app();
    const missing = await server.inject({ url: `${BASE}/skills/99/summary?startDate=2026-12-01T00:00:00Z&endDate=2026-12-02T00:00:00Z` });
    expect(missing.statusCode).to.equal(404);
    expect(missing.json()).to.deep.equal({ error: 'NotFound', error_description: 'Invalid skillId' });
    const bad = await server.inject({ url: `${BASE}/skills/summary?startDate=yesterday&endDate=2026-12-02T00:00:00Z` });
    expect(bad.statusCode).to.equal(400);
    expect(bad.json().error_description).to.equal('Invalid parameter: startDate must be an ISO 8601 date-time');
    const noMedia = await server.inject({ url: `${BASE}/wfm-data/skills/dialer-contacts?startDate=2026-12-01T00:00:00Z&endDate=2026-12-02T00:00:00Z` });
    expect(noMedia.statusCode).to.equal(400);
    await server.close();
  });

  it('answers GET /skills/summary for every skill, filtered by isOutbound', async () => {
    const { server, tick } = await app();
    tick(10_000);
    const response = await server.inject({ url: `${BASE}/skills/summary?startDate=2026-12-01T00:00:00Z&endDate=2026-12-02T00:00:00Z&isOutbound=true` });
    expect(response.json().skillSummaries.map((s: { skillId: number }) => s.skillId)).to.deep.equal([11, 12]);
    await server.close();
  });

  it('answers GET /wfm-data/skills/dialer-contacts in 15-minute intervals that add up to the summary', async () => {
    const { server, tick, at } = await app();
    const start = new Date(at()).toISOString();
    tick(60_000); // one simulated hour: four intervals
    const end = new Date(at()).toISOString();
    const rows = (await server.inject({ url: `${BASE}/wfm-data/skills/dialer-contacts?startDate=${start}&endDate=${end}&mediaTypeId=4` })).json().wfM_OB_StatsV9;
    expect(rows).to.have.length(4);
    const starts = rows.map((r: { intervalStartDate: string }) => Date.parse(r.intervalStartDate));
    expect(starts[1] - starts[0]).to.equal((INTERVAL_SECONDS / 60) * 1000);
    expect(Object.keys(rows[0]).sort()).to.deep.equal(['abandons', 'businessUnitId', 'businessUnitName', 'connects', 'connectsAHT', 'dials', 'intervalStartDate', 'mediaTypeId', 'mediaTypeName', 'rightPartyConnects', 'rightPartyConnectsAHT', 'skillId', 'skillName']);
    const [summary] = (await server.inject({ url: `${BASE}/skills/11/summary?startDate=${start}&endDate=${end}` })).json().skillSummaries;
    expect(rows.reduce((sum: number, r: { dials: number }) => sum + r.dials, 0)).to.equal(summary.dials);
    expect(rows.reduce((sum: number, r: { abandons: number }) => sum + r.abandons, 0)).to.equal(summary.abandonCount);
    await server.close();
  });
});
