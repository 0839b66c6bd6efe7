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
  /** The hidden profile its traffic really follows (DEFAULT_PROFILE when absent). */
  trueProfile?: OperatingProfile;
}

export interface LiveTrafficOptions {
  /** Simulated seconds per real second (> 0), read at every advance so it may change. Default 1. */
  timeScale?: () => number;
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

/** From `realMs` on, simulated time runs `scale` seconds per real second from simulated second `sim`. */
interface ClockSegment {
  realMs: number;
  sim: number;
  scale: number;
}

/** The true profile of a skill, or undefined when the model cannot run it (then the skill does not dial). */
function profileOf(skill: TrafficSkill): OperatingProfile | undefined {
  const profile = skill.trueProfile ?? DEFAULT_PROFILE;
  return validateSimulationInput({ weights: {}, profile, durationSeconds: 1 }).length === 0 ? profile : undefined;
}

export class LiveTraffic {
  private readonly now: () => number;
  private readonly scale: () => number;
  private readonly segments: ClockSegment[];
  private readonly seed: number;
  private readonly traffic = new Map<number, SkillTraffic>();
  private readonly profileKeys = new Map<number, string>();
  /** Simulated second every skill has been advanced to (a multiple of BUCKET_SECONDS). */
  private reached = 0;

  constructor(private readonly options: LiveTrafficOptions) {
    this.now = options.now ?? Date.now;
    this.scale = options.timeScale ?? (() => 1);
    this.segments = [{ realMs: this.now(), sim: 0, scale: this.checkedScale() }];
    this.seed = options.seed ?? 1;
  }

  /** Simulated seconds per real second now. */
  get timeScale(): number {
    return this.segments.at(-1)!.scale;
  }

  /** Simulated second of a real time (before the start: negative). */
  simulatedAt(realMs: number): number {
    let segment = this.segments[0]!;
    for (const next of this.segments) if (next.realMs <= realMs) segment = next;
    return segment.sim + ((realMs - segment.realMs) / 1000) * segment.scale;
  }

  /** Real time of a simulated second. */
  realAt(simulated: number): number {
    let segment = this.segments[0]!;
    for (const next of this.segments) if (next.sim <= simulated) segment = next;
    return segment.realMs + ((simulated - segment.sim) / segment.scale) * 1000;
  }

  private checkedScale(): number {
    const scale = this.scale();
    if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`timeScale must be a number > 0, got ${scale}`);
    return scale;
  }

  /** A new clock segment when the time scale changed since the last advance. */
  private followScale(): void {
    const scale = this.checkedScale();
    if (scale === this.timeScale) return;
    const realMs = this.now();
    this.segments.push({ realMs, sim: this.simulatedAt(realMs), scale });
  }

  /**
   * Brings every skill's traffic up to the current time with the settings and running state the
   * store holds now, taken as held since the last advance. The store must call it just before it
   * changes a skill (so traffic before the change runs with the old settings); reports call it too.
   */
  advance(): void {
    this.followScale();
    const target = Math.max(this.reached, Math.floor(this.simulatedAt(this.now()) / BUCKET_SECONDS) * BUCKET_SECONDS);
    const seen = new Set<number>();
    for (const skill of this.options.skills()) {
      seen.add(skill.skillId);
      // A skill that neither runs nor ran until now has nothing to advance: skipped before any work (1,000
      // stopped skills at 10 advances a second cost a core's tenth otherwise). Its profile and settings are
      // read in the advance that starts it, as before.
      if (!skill.isRunning && this.traffic.get(skill.skillId)?.running !== true) continue;
      // The store's state now is the state it has held since the last advance (the store advances before every change).
      const traffic = this.trafficOf(skill.skillId);
      const settings = settingsOf(skill);
      const profile = profileOf(skill);
      const profileKey = JSON.stringify(profile);
      if (profile !== undefined && this.profileKeys.get(skill.skillId) !== profileKey) traffic.setTrueProfile(profile, settings);
      this.profileKeys.set(skill.skillId, profileKey);
      traffic.setRunning(skill.isRunning && profile !== undefined, this.reached, settings);
      traffic.setSettings(settings);
      traffic.advanceTo(target);
    }
    for (const [skillId, traffic] of this.traffic) {
      if (!seen.has(skillId)) traffic.setRunning(false, this.reached, {});
    }
    this.reached = target;
  }

  /** Agents logged in to a skill now: its true profile's agents while it dials, else 0. */
  agentsLoggedIn(skillId: number): number {
    const traffic = this.traffic.get(skillId);
    return traffic?.running === true ? traffic.trueProfile.agents : 0;
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
      traffic = new SkillTraffic(skillId, DEFAULT_PROFILE, this.seed);
      this.traffic.set(skillId, traffic);
    }
    return traffic;
  }
}
