/**
 * The live traffic of one emulated outbound skill: a pc-v1 dialler (controller/simulation) run on
 * the skill's hidden true operating profile and its current parameters, its outcomes kept in
 * buckets of BUCKET_SECONDS simulated seconds so the reporting endpoints can answer any period.
 */
import { PcDialer, resolvePcSettings } from '../../controller/simulation/index.js';
import type { OperatingProfile, PcCounts, PcSettings } from '../../controller/simulation/index.js';

/** Simulated seconds per stored bucket: the resolution of every reporting answer. */
export const BUCKET_SECONDS = 10;
/** Buckets kept per skill: 35 simulated days; older ones are dropped. */
export const MAX_BUCKETS = (35 * 86_400) / BUCKET_SECONDS;

/** Outcomes over some buckets. */
export interface TrafficTotals {
  dials: number;
  /** Live answers that reached an agent within 2 s. */
  connects: number;
  /** TSR abandons: hung up, or reached an agent after more than 2 s. */
  abandons: number;
  /** Live answers that reached an agent (late ones included). */
  handled: number;
  talkSeconds: number;
  wrapSeconds: number;
}

const FIELDS = ['dials', 'connects', 'abandons', 'handled', 'talkSeconds', 'wrapSeconds'] as const;

function zero(): TrafficTotals {
  return { dials: 0, connects: 0, abandons: 0, handled: 0, talkSeconds: 0, wrapSeconds: 0 };
}

function totalsOf(counts: PcCounts): TrafficTotals {
  return {
    dials: counts.dials,
    connects: counts.connected - counts.connectedLate,
    abandons: counts.abandoned,
    handled: counts.connected,
    talkSeconds: counts.talkSeconds,
    wrapSeconds: counts.wrapSeconds,
  };
}

export class SkillTraffic {
  /** Index (global, simulated second / BUCKET_SECONDS) of buckets[0]. */
  private firstBucket = 0;
  private readonly buckets: TrafficTotals[] = [];
  private dialer: PcDialer | undefined;
  /** Simulated second at which the running dialler started. */
  private startedAt = 0;
  private last: TrafficTotals = zero();
  private settingsKey = '';
  private starts = 0;

  constructor(
    readonly skillId: number,
    public trueProfile: OperatingProfile,
    private readonly seed: number,
  ) {}

  get running(): boolean {
    return this.dialer !== undefined;
  }

  /** Agents free in the running dialler (0 when stopped). */
  get freeAgents(): number {
    return this.dialer?.free ?? 0;
  }

  /** Starts dialling at simulated second `at` (all agents free), or stops; a no-op when already so. */
  setRunning(running: boolean, at: number, settings: PcSettings): void {
    if (running === this.running) return;
    if (!running) {
      this.dialer = undefined;
      return;
    }
    this.starts += 1;
    this.startedAt = at;
    this.settingsKey = JSON.stringify(settings);
    this.dialer = new PcDialer(resolvePcSettings(settings), this.trueProfile, (this.seed * 7919 + this.skillId * 104_729 + this.starts) | 0);
    this.last = zero();
  }

  /** The parameters the dialler paces with from now on (ignored while stopped: read again at start). */
  setSettings(settings: PcSettings): void {
    const key = JSON.stringify(settings);
    if (this.dialer === undefined || key === this.settingsKey) return;
    this.settingsKey = key;
    this.dialer.configure(resolvePcSettings(settings), this.trueProfile);
  }

  /** Replaces the hidden true profile; a running dialler works against it from now on. */
  setTrueProfile(profile: OperatingProfile, settings: PcSettings): void {
    this.trueProfile = profile;
    if (this.dialer !== undefined) this.dialer.configure(resolvePcSettings(settings), profile);
  }

  /** Runs the dialler up to simulated second `until` (a multiple of BUCKET_SECONDS), storing one bucket per BUCKET_SECONDS. */
  advanceTo(until: number): void {
    const dialer = this.dialer;
    if (dialer === undefined) return;
    let reached = this.startedAt + dialer.now;
    while (reached + BUCKET_SECONDS <= until) {
      const bucketEnd = (Math.floor(reached / BUCKET_SECONDS) + 1) * BUCKET_SECONDS;
      dialer.advanceTo(bucketEnd - this.startedAt);
      const now = totalsOf(dialer.counts);
      const delta = zero();
      for (const field of FIELDS) delta[field] = now[field] - this.last[field];
      this.last = now;
      this.store(bucketEnd / BUCKET_SECONDS - 1, delta);
      reached = bucketEnd;
    }
  }

  /** Totals of the buckets whose start lies in [from, to) simulated seconds. */
  totals(from: number, to: number): TrafficTotals {
    const result = zero();
    const first = Math.max(this.firstBucket, Math.ceil(from / BUCKET_SECONDS));
    const last = Math.min(this.firstBucket + this.buckets.length, Math.ceil(to / BUCKET_SECONDS));
    for (let index = first; index < last; index += 1) {
      const bucket = this.buckets[index - this.firstBucket];
      if (bucket === undefined) continue;
      for (const field of FIELDS) result[field] += bucket[field];
    }
    return result;
  }

  private store(index: number, totals: TrafficTotals): void {
    if (this.buckets.length === 0) this.firstBucket = index;
    while (this.firstBucket + this.buckets.length < index) this.buckets.push(zero());
    this.buckets.push(totals);
    if (this.buckets.length > MAX_BUCKETS) {
      const drop = this.buckets.length - MAX_BUCKETS;
      this.buckets.splice(0, drop);
      this.firstBucket += drop;
    }
  }
}
