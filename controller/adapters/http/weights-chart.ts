/**
 * The weights of a campaign over time as an inline SVG line chart, from its audit records: each
 * `adopted`, `applied` or `rolled-back` record carries the settings it put live, so each weight key is one
 * series, holding its value until the next record (a step line) and drawn on to "now".
 */
import type { AuditRecord } from '../../domain/audit-record.js';
import { WEIGHT_KEYS } from '../../simulation/types.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { timeTicks } from './chart-time-axis.js';
import { formatTime } from './dashboard-layout.js';

/** The weights live after one apply or rollback. */
export interface WeightPoint {
  time: number;
  at: string;
  outcome: 'adopted' | 'applied' | 'rolled-back';
  fromVersion?: string;
  toVersion?: string;
  weights: Record<string, number>;
  /** The maxDeviationLimit the record put live: every |weight| stays within it (the chart's band). */
  maxDeviationLimit?: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_CHART_LAYOUT: Readonly<ChartLayout> = { width: 560, height: 252, left: 50, right: 16, top: 12, bottom: 40 };

/** The layout at a container's width in CSS pixels (the page script measures it), so text stays its size. */
export function chartLayoutFor(width: number | undefined): ChartLayout {
  if (width === undefined || !Number.isFinite(width)) return { ...DEFAULT_CHART_LAYOUT };
  return { ...DEFAULT_CHART_LAYOUT, width: Math.round(Math.min(2400, Math.max(280, width))) };
}

export interface ChartSeries {
  key: string;
  colour: string;
  dash: string;
  /** The step line's corners in chart coordinates. */
  points: Array<{ x: number; y: number }>;
  /** `points` as the SVG attribute: `x,y x,y …` with one decimal. */
  polyline: string;
}

export interface ChartGeometry {
  series: ChartSeries[];
  /** Each record's x, and its value's y per key (the markers). */
  markers: Array<{ point: WeightPoint; x: number; ys: Record<string, number> }>;
  yTicks: Array<{ value: number; y: number }>;
  /** Round times along the x axis (chart-time-axis.ts). */
  xTicks: Array<{ x: number; label: string }>;
  /** ±maxDeviationLimit of the latest record, as y coordinates. */
  band?: { limit: number; yTop: number; yBottom: number };
  /** Whether two series share a value somewhere (drawn OVERLAP_PX apart there). */
  overlapping: boolean;
  xStart: number;
  xEnd: number;
}

/** How far apart, in pixels, lines sharing a value are drawn, so each stays visible. */
export const OVERLAP_PX = 3;

const COLOURS: Record<string, string> = {
  answer_rate: '#0969da',
  call_rate: '#bc4c00',
  predictive_factor: '#1a7f37',
  max_concurrent: '#8250df',
  agent_efficiency: '#cf222e',
};
const EXTRA_COLOURS = ['#57606a', '#9a6700', '#1b7c83', '#bf3989'];
const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 2'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function versionText(value: unknown): string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** The adopted, applied and rolled-back records that carry weights, oldest first. */
export function weightPoints(records: readonly AuditRecord[]): WeightPoint[] {
  const points: WeightPoint[] = [];
  for (const record of records) {
    if (record.outcome !== 'adopted' && record.outcome !== 'applied' && record.outcome !== 'rolled-back') continue;
    const time = Date.parse(record.time);
    const settings = record.settings;
    if (Number.isNaN(time) || !isObject(settings) || !isObject(settings.parameterWeights)) continue;
    const weights: Record<string, number> = {};
    for (const [key, value] of Object.entries(settings.parameterWeights)) if (typeof value === 'number' && Number.isFinite(value)) weights[key] = value;
    const limit = typeof settings.maxDeviationLimit === 'number' && Number.isFinite(settings.maxDeviationLimit) && settings.maxDeviationLimit > 0 ? settings.maxDeviationLimit : undefined;
    points.push({ time, at: record.time, outcome: record.outcome, fromVersion: versionText(record.fromVersion), toVersion: versionText(record.toVersion), weights, ...(limit === undefined ? {} : { maxDeviationLimit: limit }) });
  }
  return points.sort((a, b) => a.time - b.time);
}

/** The weight keys that appear in the points: the known keys in their order, then others by name. */
export function weightKeys(points: readonly WeightPoint[]): string[] {
  const seen = new Set(points.flatMap((p) => Object.keys(p.weights)));
  const known = WEIGHT_KEYS.filter((key) => seen.has(key));
  const others = [...seen].filter((key) => !(WEIGHT_KEYS as readonly string[]).includes(key)).sort();
  return [...known, ...others];
}

/** A step of about a quarter of the range: 1, 2 or 5 times a power of ten. */
function niceStep(range: number): number {
  const raw = range / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 5, 10].find((f) => f * power >= raw) ?? 10;
  return factor * power;
}

/** Where everything goes. A missing weight is 0, as in the dialer's settings. */
export function chartGeometry(points: readonly WeightPoint[], now: number, layout: ChartLayout = DEFAULT_CHART_LAYOUT): ChartGeometry {
  const keys = weightKeys(points);
  const plotWidth = layout.width - layout.left - layout.right;
  const plotHeight = layout.height - layout.top - layout.bottom;
  const first = points[0]?.time ?? now;
  const last = points.at(-1)?.time ?? now;
  const end = Math.max(now, last);
  const span = end - first || 1;
  const xOf = (time: number): number => round(layout.left + ((time - first) / span) * plotWidth);

  const limit = points.at(-1)?.maxDeviationLimit;
  const values = [...points.flatMap((p) => keys.map((key) => p.weights[key] ?? 0)), ...(limit === undefined ? [] : [limit, -limit])];
  let low = Math.min(0, ...values);
  let high = Math.max(0, ...values);
  const pad = Math.max((high - low) * 0.1, 0.02);
  low -= pad;
  high += pad;
  const yOf = (value: number): number => round(layout.top + ((high - value) / (high - low)) * plotHeight);

  // Series sharing a value at a point are drawn side by side, OVERLAP_PX apart, centred on it.
  let overlapping = false;
  const offsets = points.map((point) => {
    const byValue = new Map<number, string[]>();
    for (const key of keys) byValue.set(point.weights[key] ?? 0, [...(byValue.get(point.weights[key] ?? 0) ?? []), key]);
    const offset: Record<string, number> = {};
    for (const group of byValue.values()) {
      if (group.length > 1) overlapping = true;
      group.forEach((key, rank) => (offset[key] = (rank - (group.length - 1) / 2) * OVERLAP_PX));
    }
    return offset;
  });
  const yAt = (key: string, i: number): number => round(yOf(points[i]!.weights[key] ?? 0) + (offsets[i]![key] ?? 0));

  const series = keys.map((key, index) => {
    const corners: Array<{ x: number; y: number }> = [];
    const push = (x: number, y: number): void => {
      const previous = corners.at(-1);
      if (!previous || previous.x !== x || previous.y !== y) corners.push({ x, y });
    };
    points.forEach((point, i) => {
      const x = xOf(point.time);
      if (i > 0) push(x, yAt(key, i - 1));
      push(x, yAt(key, i));
    });
    if (points.length > 0) push(xOf(end), yAt(key, points.length - 1));
    const colour = COLOURS[key] ?? EXTRA_COLOURS[index % EXTRA_COLOURS.length]!;
    return { key, colour, dash: DASHES[index % DASHES.length]!, points: corners, polyline: corners.map((c) => `${c.x},${c.y}`).join(' ') };
  });

  const step = niceStep(high - low);
  const yTicks: Array<{ value: number; y: number }> = [];
  for (let value = Math.ceil(low / step) * step; value <= high + 1e-9; value += step) {
    const clean = Math.abs(value) < step / 1000 ? 0 : Number(value.toPrecision(6));
    yTicks.push({ value: clean, y: yOf(clean) });
  }
  const markers = points.map((point, i) => ({ point, x: xOf(point.time), ys: Object.fromEntries(keys.map((key) => [key, yAt(key, i)])) }));
  const xTicks = timeTicks(first, end).map((tick) => ({ x: xOf(tick.time), label: tick.label }));
  const band = limit === undefined ? undefined : { limit, yTop: yOf(limit), yBottom: yOf(-limit) };
  return { series, markers, yTicks, xTicks, ...(band ? { band } : {}), overlapping, xStart: xOf(first), xEnd: xOf(end) };
}

function shortTime(time: number, spanMs: number): string {
  const iso = new Date(time).toISOString();
  return spanMs < 86_400_000 ? `${iso.slice(11, 19)} UTC` : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function tickText(value: number): string {
  return value === 0 ? '0' : value.toFixed(Math.max(0, Math.min(3, -Math.floor(Math.log10(Math.abs(value))) + 1)));
}

/** A sample of a series' line style, for a legend. */
export function lineSample(series: Pick<ChartSeries, 'colour' | 'dash'>): SafeHtml {
  return html`<svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" stroke="${series.colour}" stroke-width="2.5"${series.dash && html` stroke-dasharray="${series.dash}"`}/></svg>`;
}

function chartGrid(geometry: ChartGeometry, layout: ChartLayout): SafeHtml[] {
  const bottom = layout.height - layout.bottom;
  const band = geometry.band;
  const limitBand = band
    ? [
        html`<rect class="deviation-band" x="${layout.left}" y="${band.yTop}" width="${layout.width - layout.left - layout.right}" height="${round(band.yBottom - band.yTop)}" fill="#ddf4ff" opacity="0.6"><title>±maxDeviationLimit ${band.limit}: every weight stays within it</title></rect>`,
        html`<line x1="${layout.left}" x2="${layout.width - layout.right}" y1="${band.yTop}" y2="${band.yTop}" stroke="#54aeff" stroke-dasharray="5 3"/><line x1="${layout.left}" x2="${layout.width - layout.right}" y1="${band.yBottom}" y2="${band.yBottom}" stroke="#54aeff" stroke-dasharray="5 3"/>`,
      ]
    : [];
  const xTicks = geometry.xTicks.map(
    (tick) => html`<line class="x-tick" x1="${tick.x}" x2="${tick.x}" y1="${layout.top}" y2="${bottom + 4}" stroke="#eaeef2"/><text x="${tick.x}" y="${bottom + 16}" text-anchor="middle">${tick.label}</text>`,
  );
  return [...limitBand, ...xTicks, ...geometry.yTicks.map(
    (tick) =>
      html`<line x1="${layout.left}" x2="${layout.width - layout.right}" y1="${tick.y}" y2="${tick.y}" stroke="${tick.value === 0 ? '#8c959f' : '#d1d9e0'}" stroke-width="1"/><text x="${layout.left - 6}" y="${tick.y}" text-anchor="end" dominant-baseline="middle">${tickText(tick.value)}</text>`,
  )];
}

function chartMarks(geometry: ChartGeometry, layout: ChartLayout): SafeHtml {
  const bottom = layout.height - layout.bottom;
  const rollbacks = geometry.markers
    .filter((m) => m.point.outcome === 'rolled-back')
    .map((m) => html`<line x1="${m.x}" x2="${m.x}" y1="${layout.top}" y2="${bottom}" stroke="#cf222e" stroke-width="1.5" stroke-dasharray="4 3"><title>rolled back ${formatTime(m.point.at)}${m.point.fromVersion && html` (v${m.point.fromVersion} → v${m.point.toVersion})`}</title></line>`);
  const lines = geometry.series.map(
    (s) => html`<polyline class="series" data-key="${s.key}" points="${s.polyline}" fill="none" stroke="${s.colour}" stroke-width="2.5" stroke-linejoin="round"${s.dash && html` stroke-dasharray="${s.dash}"`}/>`,
  );
  const dots = geometry.markers.flatMap((m) =>
    geometry.series.map(
      (s) =>
        html`<circle cx="${m.x}" cy="${m.ys[s.key]}" r="3.5" fill="${m.point.outcome === 'rolled-back' ? '#fff' : s.colour}" stroke="${s.colour}" stroke-width="1.5"><title>${s.key} = ${m.point.weights[s.key] ?? 0} — ${m.point.outcome} ${formatTime(m.point.at)}${m.point.toVersion && html` (v${m.point.toVersion})`}</title></circle>`,
    ),
  );
  return html`${rollbacks}${lines}${dots}`;
}

/** The chart (SVG) with its legend, or a note when nothing was applied yet (`emptyNote` when the caller knows better when the chart starts). */
export function renderWeightsChart(campaign: string, records: readonly AuditRecord[], now: number, layout: ChartLayout = DEFAULT_CHART_LAYOUT, emptyNote?: SafeHtml): SafeHtml {
  const points = weightPoints(records);
  if (points.length === 0) return html`<p class="empty">${emptyNote ?? html`No apply or rollback recorded yet: the chart starts with the first one.`}</p>`;
  const geometry = chartGeometry(points, now, layout);
  const endTime = Math.max(now, points.at(-1)!.time);
  const spanMs = endTime - points[0]!.time;
  const bottom = layout.height - layout.bottom;
  const endLabel = now >= points.at(-1)!.time ? 'now' : shortTime(endTime, spanMs);
  const axis = html`<line x1="${layout.left}" x2="${layout.left}" y1="${layout.top}" y2="${bottom}" stroke="#8c959f"/>
<text x="${geometry.xStart}" y="${bottom + 34}" text-anchor="start">from ${shortTime(points[0]!.time, spanMs)}</text><text x="${geometry.xEnd}" y="${bottom + 34}" text-anchor="end">${endLabel}</text>`;
  const latest = points.at(-1)!;
  const legend = geometry.series.map((s) => html`<li>${lineSample(s)}<code>${s.key}</code> <span class="muted">${String(latest.weights[s.key] ?? 0)}</span></li>`);
  const bandLegend = geometry.band && html`<li><svg width="28" height="10" aria-hidden="true"><rect x="1" y="1" width="26" height="8" fill="#ddf4ff" stroke="#54aeff" stroke-dasharray="5 3"/></svg>±maxDeviationLimit ${geometry.band.limit}</li>`;
  const rollbackLegend =
    geometry.markers.some((m) => m.point.outcome === 'rolled-back') &&
    html`<li><svg width="28" height="10" aria-hidden="true"><line x1="14" x2="14" y1="0" y2="10" stroke="#cf222e" stroke-width="2" stroke-dasharray="3 2"/></svg>rollback</li>`;
  return html`<figure class="chart" data-width="${layout.width}"><svg viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="weights of ${campaign} over ${points.length} applies and rollbacks" font-size="12" font-family="system-ui,sans-serif" fill="#59636e">
<rect x="${layout.left}" y="${layout.top}" width="${layout.width - layout.left - layout.right}" height="${bottom - layout.top}" fill="#fff"/>
${chartGrid(geometry, layout)}${chartMarks(geometry, layout)}${axis}
</svg>
<figcaption><ul class="legend">${legend}${bandLegend}${rollbackLegend}</ul>
<small>Each weight holds its value from one apply (dot) to the next; hollow dots are rollbacks; times are UTC.${geometry.overlapping && html` Weights with the same value are drawn ${OVERLAP_PX} px apart, so each line shows.`}</small></figcaption>
</figure>`;
}
