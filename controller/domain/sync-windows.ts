/**
 * Sync windows, as Argo CD has them: whether a campaign may be applied to at an instant. Windows
 * stop applies only; observation and drift detection go on whatever they say.
 *
 * - any matching `deny` window that is active denies;
 * - otherwise, if allow windows match the campaign and none is active, applies are denied;
 * - otherwise applies are allowed (also when no window matches).
 *
 * A window is active from each time its cron `schedule` fires (wall clock in its `timeZone`, see
 * cron-fire-times.ts for daylight saving time) for `durationSeconds`: the interval [fire, fire + duration).
 */
import type { CampaignSelector, SyncWindow } from './controller-policy.js';
import { cronFireTimes } from './cron-fire-times.js';
import { parseCronExpression } from './cron-expression.js';

export interface WindowDecision {
  /** Whether applies are allowed at the instant asked about. */
  allowed: boolean;
  /** Why, naming the windows (kind, schedule, time zone, duration) and when they close or open. */
  reason: string;
  /**
   * The next instant, within {@link SYNC_WINDOW_HORIZON_MS} (8 days), at which `allowed` flips:
   * requeue pending work then. Undefined when it does not flip within the horizon.
   */
  nextChangeAt?: Date;
  /** The windows matching the campaign that are active at the instant asked about. */
  activeWindows: SyncWindow[];
}

/** The campaign fields windows select on. */
export interface WindowCampaign {
  name: string;
  labels: Record<string, string>;
}

/** How far ahead `decideSyncWindow` looks for the next change: 8 days, so weekly windows are always seen. */
export const SYNC_WINDOW_HORIZON_MS = 8 * 24 * 3_600_000;

interface Interval {
  start: number;
  end: number;
}

interface Timeline {
  window: SyncWindow;
  /** Merged active intervals, ascending, that overlap the range asked for. */
  intervals: Interval[];
}

function globPattern(glob: string): RegExp {
  const body = [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')));
  return new RegExp(`^${body.join('')}$`);
}

function selects(selector: CampaignSelector, campaign: WindowCampaign): boolean {
  if ('names' in selector) return selector.names.some((glob) => globPattern(glob).test(campaign.name));
  return Object.entries(selector.matchLabels).every(([key, value]) => campaign.labels[key] === value);
}

/**
 * True when `window` covers `campaign`: one of its name globs (`*` any run of characters, `?`
 * one character) matches the whole name, or the campaign has every label of `matchLabels` (an
 * empty `matchLabels` selects every campaign, as a Kubernetes label selector does).
 */
export function windowMatches(window: SyncWindow, campaign: WindowCampaign): boolean {
  return selects(window.campaigns, campaign);
}

/** Merged intervals [fire, fire + duration) of `window` that overlap [fromMs, toMs). */
function activeIntervals(window: SyncWindow, fromMs: number, toMs: number): Interval[] {
  const durationMs = window.durationSeconds * 1000;
  if (!(durationMs > 0)) return [];
  const fires = cronFireTimes(parseCronExpression(window.schedule), window.timeZone, fromMs - durationMs + 1, toMs);
  const intervals: Interval[] = [];
  for (const start of fires) {
    const last = intervals[intervals.length - 1];
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, start + durationMs);
    else intervals.push({ start, end: start + durationMs });
  }
  return intervals;
}

/** The interval of `intervals` that contains `at`, if any. */
function intervalAt(intervals: readonly Interval[], at: number): Interval | undefined {
  let low = 0;
  let high = intervals.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const interval = intervals[middle];
    if (interval === undefined) return undefined;
    if (at < interval.start) high = middle - 1;
    else if (at >= interval.end) low = middle + 1;
    else return interval;
  }
  return undefined;
}

/**
 * True when `window` is active at `at`: its schedule last fired (in its time zone) less than
 * `durationSeconds` before `at`, or exactly at `at`.
 */
export function isWindowActive(window: SyncWindow, at: Date): boolean {
  const time = at.getTime();
  return activeIntervals(window, time, time + 1).length > 0;
}

function isAllowedAt(timelines: readonly Timeline[], at: number): boolean {
  let allowWindows = false;
  let allowActive = false;
  for (const { window, intervals } of timelines) {
    const active = intervalAt(intervals, at) !== undefined;
    if (window.kind === 'deny' && active) return false;
    if (window.kind === 'allow') {
      allowWindows = true;
      allowActive ||= active;
    }
  }
  return !allowWindows || allowActive;
}

function nextFlip(timelines: readonly Timeline[], from: number, until: number, allowed: boolean): number | undefined {
  const boundaries = new Set<number>();
  for (const { intervals } of timelines) {
    for (const { start, end } of intervals) {
      if (start > from && start <= until) boundaries.add(start);
      if (end > from && end <= until) boundaries.add(end);
    }
  }
  return [...boundaries].sort((a, b) => a - b).find((boundary) => isAllowedAt(timelines, boundary) !== allowed);
}

function describe(window: SyncWindow): string {
  return `${window.kind} window "${window.schedule}" (${window.timeZone}, ${window.duration})`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function closing(interval: Interval, until: number): string {
  return interval.end > until ? `until at least ${iso(until)}` : `until ${iso(interval.end)}`;
}

/** The earliest opening after `from` among `timelines`, described, or a note that none opens. */
function nextOpening(timelines: readonly Timeline[], from: number): string {
  let best: { at: number; window: SyncWindow } | undefined;
  for (const { window, intervals } of timelines) {
    const opening = intervals.find((interval) => interval.start > from);
    if (opening !== undefined && (best === undefined || opening.start < best.at)) best = { at: opening.start, window };
  }
  return best === undefined ? 'none opens in the next 8 days' : `the next opens at ${iso(best.at)} (${describe(best.window)})`;
}

function reasonFor(timelines: readonly Timeline[], at: number, until: number): string {
  const active = timelines.flatMap(({ window, intervals }) => {
    const interval = intervalAt(intervals, at);
    return interval === undefined ? [] : [{ window, interval }];
  });
  const denying = active.filter(({ window }) => window.kind === 'deny');
  if (denying.length > 0) {
    const names = denying.map(({ window, interval }) => `${describe(window)} ${closing(interval, until)}`);
    const closes = denying.length === 1 ? 'it closes' : 'they close';
    return `applies are denied by ${names.join(' and by ')}; pending changes are applied when ${closes}`;
  }
  const allows = timelines.filter(({ window }) => window.kind === 'allow');
  const allowing = active.filter(({ window }) => window.kind === 'allow');
  const [first] = allowing;
  if (first !== undefined) return `applies are allowed by ${describe(first.window)} ${closing(first.interval, until)}`;
  const [onlyAllow] = allows;
  if (allows.length === 1 && onlyAllow !== undefined) {
    const opening = onlyAllow.intervals.find((interval) => interval.start > at);
    const when = opening === undefined ? 'does not open in the next 8 days' : `opens next at ${iso(opening.start)}`;
    return `applies are denied: ${describe(onlyAllow.window)} is closed and ${when}`;
  }
  if (allows.length > 0) {
    const names = allows.map(({ window }) => describe(window)).join(', ');
    return `applies are denied: no allow window is open (${names}); ${nextOpening(allows, at)}`;
  }
  if (timelines.length === 0) return 'applies are allowed: no sync window covers this campaign';
  return `applies are allowed: no deny window is active; ${nextOpening(timelines, at)}`;
}

/**
 * Whether `campaign` may be applied to at `at`, under the repository's sync `windows`. Pure: the
 * same arguments give the same decision. Throws when a window's schedule is not a five-field cron
 * expression or its time zone is unknown (the policy loader rejects both).
 */
export function decideSyncWindow(windows: readonly SyncWindow[], campaign: WindowCampaign, at: Date): WindowDecision {
  const time = at.getTime();
  const until = time + SYNC_WINDOW_HORIZON_MS;
  const timelines: Timeline[] = windows
    .filter((window) => windowMatches(window, campaign))
    .map((window) => ({ window, intervals: activeIntervals(window, time, until + 1) }));
  const allowed = isAllowedAt(timelines, time);
  const flip = nextFlip(timelines, time, until, allowed);
  return {
    allowed,
    reason: reasonFor(timelines, time, until),
    ...(flip === undefined ? {} : { nextChangeAt: new Date(flip) }),
    activeWindows: timelines.filter(({ intervals }) => intervalAt(intervals, time) !== undefined).map(({ window }) => window),
  };
}
