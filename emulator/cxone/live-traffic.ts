/**
 * Live traffic of the cxone emulator (README, "Live traffic in the emulator"): every running
 * outbound skill dials with pc-v1 on its hidden true profile. Traffic runs in virtual time,
 * `timeScale` simulated seconds per real second from the moment the emulator started, and each
 * simulated second is stamped with the real time it maps to, so the controller's clock and the
 * reported dates agree while an hour of traffic takes seconds.
 */
import { DEFAULT_PROFILE, pcSettingsFromSkill, validateSimulationInput } from '../../controller/simulation/index.js';
import type { OperatingProfile, PcSettings } from '../../controller/simulation/index.js';
import { BUCKET_SECONDS, SkillTraffic, type TrafficTotals } from './skill-traffic.js';

/** What live traffic needs to know about a skill of the emulator's store. */
export interface TrafficSkill {
  skillId: number;
  skillName: string;
  isRunning: boolean;
  generalSettings?: Readonly<Record<string, unknown>>;
  cpaSettings?: Readonly<Record<string, unknown>>;
}

export interface LiveTrafficOptions {
  /** Simulated seconds per real second, > 0. Default 1. */
  timeScale?: number;
  /** Real clock, milliseconds since the epoch. Default Date.now. */
  now?: () => number;
  /** Seed of every skill's dialler. Default 1. */
  seed?: number;
  /** The skills of the store, read at every advance. */
  skills: () => Iterable<TrafficSkill>;
}

/** A 15-minute (simulated) reporting interval of one skill. */
export interface TrafficInterval {
  skillId: number;
  skillName: string;
  /** Real ISO time the interval starts at. */
  intervalStartDate: string;
  totals: TrafficTotals;
}

/** Simulated seconds of one dialer-contacts interval. */
export const INTERVAL_SECONDS = 900;

function settingsOf(skill: TrafficSkill): PcSettings {
  return pcSettingsFromSkill(skill.generalSettings, skill.cpaSettings).settings;
}

export class LiveTraffic {
  readonly timeScale: number;
  private readonly now: () => number;
  private readonly originMs: number;
  private readonly seed: number;
  private readonly traffic = new Map<number, SkillTraffic>();
  private readonly profiles = new Map<number, OperatingProfile>();
  /** Simulated second every skill has been advanced to (a multiple of BUCKET_SECONDS). */
  private reached = 0;

  constructor(private readonly options: LiveTrafficOptions) {
    const timeScale = options.timeScale ?? 1;
    if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new RangeError(`timeScale must be a number > 0, got ${timeScale}`);
    this.timeScale = timeScale;
    this.now = options.now ?? Date.now;
    this.originMs = this.now();
    this.seed = options.seed ?? 1;
  }

  /** Simulated second of a real time. */
  simulatedAt(realMs: number): number {
    return ((realMs - this.originMs) / 1000) * this.timeScale;
  }

  /** Real time of a simulated second. */
  realAt(simulated: number): number {
    return this.originMs + (simulated / this.timeScale) * 1000;
  }

  /** The hidden true profile of a skill (DEFAULT_PROFILE until set). */
  trueProfile(skillId: number): OperatingProfile {
    return this.profiles.get(skillId) ?? { ...DEFAULT_PROFILE };
  }

  /**
   * Sets fields of a skill's true profile (the rest stay). Returns the problems with the fields,
   * each naming it; nothing changes when there is one.
   */
  setTrueProfile(skillId: number, fields: unknown, skill: TrafficSkill | undefined): string[] {
    const problems = validateSimulationInput({ weights: {}, profile: fields, durationSeconds: 1 }).map((p) => p.replace(/^profile\./, 'trueProfile.'));
    if (problems.length > 0) return problems;
    this.advance();
    const profile = { ...this.trueProfile(skillId), ...(fields as Partial<OperatingProfile>) };
    this.profiles.set(skillId, profile);
    if (skill !== undefined) this.trafficOf(skillId).setTrueProfile(profile, settingsOf(skill));
    return [];
  }

  /**
   * Brings every skill's traffic up to the current time with the settings and running state the
   * store holds now, taken as held since the last advance. The store must call it just before it
   * changes a skill (so traffic before the change runs with the old settings); reports call it too.
   */
  advance(): void {
    const target = Math.max(this.reached, Math.floor(this.simulatedAt(this.now()) / BUCKET_SECONDS) * BUCKET_SECONDS);
    const seen = new Set<number>();
    for (const skill of this.options.skills()) {
      seen.add(skill.skillId);
      // The store's state now is the state it has held since the last advance (the store advances before every change).
      const traffic = this.trafficOf(skill.skillId);
      const settings = settingsOf(skill);
      traffic.setRunning(skill.isRunning, this.reached, settings);
      traffic.setSettings(settings);
      traffic.advanceTo(target);
    }
    for (const [skillId, traffic] of this.traffic) {
      if (!seen.has(skillId)) traffic.setRunning(false, this.reached, {});
    }
    this.reached = target;
  }

  /** Free agents of a running skill now (for the summary's agent states). */
  freeAgents(skillId: number): number {
    return this.traffic.get(skillId)?.freeAgents ?? 0;
  }

  /** A skill's outcomes over the real period [startMs, endMs). */
  totals(skillId: number, startMs: number, endMs: number): TrafficTotals {
    this.advance();
    const traffic = this.traffic.get(skillId);
    if (traffic === undefined) return new SkillTraffic(skillId, DEFAULT_PROFILE, 0).totals(0, 0);
    return traffic.totals(this.simulatedAt(startMs), this.simulatedAt(endMs));
  }

  /** Every skill's 15-minute (simulated) intervals that start in [startMs, endMs) and had dials. */
  intervals(startMs: number, endMs: number, names: ReadonlyMap<number, string>): TrafficInterval[] {
    this.advance();
    const first = Math.max(0, Math.ceil(this.simulatedAt(startMs) / INTERVAL_SECONDS));
    const last = Math.ceil(Math.min(this.simulatedAt(endMs), this.reached) / INTERVAL_SECONDS);
    const result: TrafficInterval[] = [];
    for (const [skillId, traffic] of this.traffic) {
      for (let index = first; index < last; index += 1) {
        const totals = traffic.totals(index * INTERVAL_SECONDS, (index + 1) * INTERVAL_SECONDS);
        if (totals.dials === 0) continue;
        result.push({
          skillId,
          skillName: names.get(skillId) ?? `skill ${skillId}`,
          intervalStartDate: new Date(this.realAt(index * INTERVAL_SECONDS)).toISOString(),
          totals,
        });
      }
    }
    return result;
  }

  private trafficOf(skillId: number): SkillTraffic {
    let traffic = this.traffic.get(skillId);
    if (traffic === undefined) {
      traffic = new SkillTraffic(skillId, this.trueProfile(skillId), this.seed);
      this.traffic.set(skillId, traffic);
    }
    return traffic;
  }
}
