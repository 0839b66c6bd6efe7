/**
 * The live outcome analysis on the campaign page (README, "Live outcome analysis"): the abandon
 * share of live answers since the apply at each reading, its Wilson 95% band, against the limit,
 * with the window and the maximum window marked, as an inline SVG; plus its phase, counts and the
 * readings as a table (the chart's text version).
 */
import type { AnalysisStatus } from '../../domain/analysis-status.js';
import { html, type SafeHtml } from '../../lib/html.js';
import { formatTime, percent, timeAgo } from './dashboard-layout.js';
import { humanTimes } from './human-times.js';
import { DEFAULT_CHART_LAYOUT, type ChartLayout } from './weights-chart.js';

export interface AnalysisChartGeometry {
  /** The observed share, `x,y x,y …`. */
  rate: string;
  /** The band between the bounds, a closed polygon. */
  band: string;
  limitY: number;
  /** x of the window's end and of the maximum window's end. */
  windowX: number;
  maxWindowX: number;
  /** The top of the y axis (a share). */
  top: number;
  xOf(seconds: number): number;
  yOf(share: number): number;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** Where everything goes: x is seconds since the apply up to the maximum window; y is clipped at twice the limit or the observed peak. */
export function analysisChartGeometry(analysis: AnalysisStatus, layout: ChartLayout = DEFAULT_CHART_LAYOUT): AnalysisChartGeometry {
  const plotWidth = layout.width - layout.left - layout.right;
  const plotHeight = layout.height - layout.top - layout.bottom;
  const start = Date.parse(analysis.startedAt);
  const span = Math.max(analysis.maxWindowSeconds, 1);
  const peak = Math.max(0, ...analysis.points.map((p) => p.abandonRate));
  const top = Math.max(analysis.limit * 2, peak * 1.25, 0.01);
  const xOf = (seconds: number): number => round(layout.left + (Math.min(Math.max(seconds, 0), span) / span) * plotWidth);
  const yOf = (share: number): number => round(layout.top + (1 - Math.min(Math.max(share, 0), top) / top) * plotHeight);
  const xs = analysis.points.map((p) => xOf((Date.parse(p.at) - start) / 1000));
  const rate = analysis.points.map((p, i) => `${xs[i]},${yOf(p.abandonRate)}`).join(' ');
  const upper = analysis.points.map((p, i) => `${xs[i]},${yOf(p.upper)}`);
  const lower = analysis.points.map((p, i) => `${xs[i]},${yOf(p.lower)}`).reverse();
  return { rate, band: [...upper, ...lower].join(' '), limitY: yOf(analysis.limit), windowX: xOf(analysis.windowSeconds), maxWindowX: xOf(analysis.maxWindowSeconds), top, xOf, yOf };
}

const PHASE_BADGE: Record<AnalysisStatus['phase'], string> = { Running: 'Verifying', Passed: 'Synced', Failed: 'RolledBack', Inconclusive: 'Paused' };

function minutes(seconds: number): string {
  return seconds >= 3600 && seconds % 3600 === 0 ? `${seconds / 3600} h` : `${Math.round(seconds / 60)} min`;
}

function svg(analysis: AnalysisStatus, layout: ChartLayout): SafeHtml {
  const g = analysisChartGeometry(analysis, layout);
  const bottom = layout.height - layout.bottom;
  const right = layout.width - layout.right;
  const dots = analysis.points.map((p) => {
    const x = g.xOf((Date.parse(p.at) - Date.parse(analysis.startedAt)) / 1000);
    return html`<circle cx="${x}" cy="${g.yOf(p.abandonRate)}" r="3" fill="#0969da"><title>${formatTime(p.at)}: ${percent(p.abandonRate)} of ${p.liveAnswers} live answers (95% ${percent(p.lower)}–${percent(p.upper)})</title></circle>`;
  });
  const ticks = [0, g.top / 2, g.top].map((v) => html`<line x1="${layout.left}" x2="${right}" y1="${g.yOf(v)}" y2="${g.yOf(v)}" stroke="#d1d9e0"/><text x="${layout.left - 6}" y="${g.yOf(v)}" text-anchor="end" dominant-baseline="middle">${percent(v, 1)}</text>`);
  return html`<svg viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="abandon rate since the apply against the limit ${percent(analysis.limit)}" font-size="12" font-family="system-ui,sans-serif" fill="#59636e">
<rect x="${layout.left}" y="${layout.top}" width="${right - layout.left}" height="${bottom - layout.top}" fill="#fff"/>${ticks}
${analysis.points.length > 1 && html`<polygon class="band" points="${g.band}" fill="#0969da" fill-opacity="0.15" stroke="none"/>`}
<line class="limit" x1="${layout.left}" x2="${right}" y1="${g.limitY}" y2="${g.limitY}" stroke="#cf222e" stroke-width="1.5" stroke-dasharray="6 3"><title>limit ${percent(analysis.limit)}</title></line>
<line class="window" x1="${g.windowX}" x2="${g.windowX}" y1="${layout.top}" y2="${bottom}" stroke="#8c959f" stroke-dasharray="3 3"><title>window ${minutes(analysis.windowSeconds)}</title></line>
${analysis.points.length > 0 && html`<polyline class="rate" points="${g.rate}" fill="none" stroke="#0969da" stroke-width="2.5" stroke-linejoin="round"/>`}${dots}
<line x1="${layout.left}" x2="${layout.left}" y1="${layout.top}" y2="${bottom}" stroke="#8c959f"/>
<text x="${layout.left}" y="${bottom + 18}" text-anchor="start">apply</text><text x="${g.windowX}" y="${bottom + 18}" text-anchor="middle">${minutes(analysis.windowSeconds)}</text><text x="${g.maxWindowX}" y="${bottom + 18}" text-anchor="end">${minutes(analysis.maxWindowSeconds)}</text>
</svg>`;
}

function readings(analysis: AnalysisStatus): SafeHtml {
  if (analysis.points.length === 0) return html``;
  const rows = [...analysis.points].reverse().slice(0, 50).map((p) => html`<tr><td data-label="when">${formatTime(p.at)}</td><td data-label="live answers" class="num">${p.liveAnswers}</td><td data-label="abandon rate" class="num">${percent(p.abandonRate)}</td><td data-label="95% interval">${percent(p.lower)}–${percent(p.upper)}</td></tr>`);
  return html`<details id="analysis-readings"><summary>Readings (${analysis.points.length})</summary>
<table class="rows"><thead><tr><th>when</th><th>live answers</th><th>abandon rate</th><th>95% interval</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

/** The analysis section's body: phase, counts, bounds, window, the chart and the readings. */
export function renderAnalysis(analysis: AnalysisStatus, now: number, layout: ChartLayout = DEFAULT_CHART_LAYOUT): SafeHtml {
  const a = analysis;
  return html`<p><span class="badge b-${PHASE_BADGE[a.phase]}">${a.phase}</span> <small>started ${timeAgo(a.startedAt, now)}, last reading ${timeAgo(a.at, now)}</small></p>
<p id="analysis-counts"><strong>${a.counts.abandons} abandons of ${a.liveAnswers} live answers</strong> (${a.counts.dials} dials) since the apply: ${percent(a.abandonRate)}, 95% interval ${percent(a.lower)}–${percent(a.upper)} <span class="muted">limit ${percent(a.limit)}</span></p>
<p class="muted">Passes after ${minutes(a.windowSeconds)} with at least ${a.minLiveAnswers} live answers and the upper bound within the limit; fails as soon as the lower bound is over it; inconclusive (Paused) at ${minutes(a.maxWindowSeconds)}. Read every ${minutes(a.intervalSeconds)}.</p>
<p>${humanTimes(a.reason, now)}</p>
<figure class="chart" data-width="${layout.width}">${svg(a, layout)}<figcaption><small>Abandon share of live answers since the apply (line) with its 95% band, against the limit (red, dashed); the grey line is the end of the window.</small></figcaption></figure>
${readings(a)}`;
}
