/**
 * `plan --format markdown`: a pull-request comment. A summary table, then one collapsible section
 * per changed campaign with its field diff. The first line is a marker the workflow uses to find
 * and update its own comment instead of adding a new one.
 */
import type { CampaignPlan } from '../domain/plan-campaign.js';
import { escapeMarkdown, escapeMarkdownHtml, markdownCode, markdownFence } from '../lib/escape-for.js';
import { percent } from '../domain/gate-prediction.js';
import { formatValue, plural } from './format-value.js';
import type { PlanReport, SimulationComparison } from './plan-report.js';

export const PLAN_COMMENT_MARKER = '<!-- cxone-gitops-plan -->';

const ICON: Record<CampaignPlan['action'], string> = {
  none: '✅',
  update: '🔄',
  heal: '🩹',
  observe: '👀',
  suspended: '⏸️',
  blocked: '⛔',
  'not-found': '❓',
  held: '🛑',
  verify: '⏳',
};

// Every value from outside (names, paths, ids, live values, CXone's modifiedBy, messages) goes
// through the markdown escapers: as text, or as a code span (docs/architecture.md, "Escaping").
const escape = escapeMarkdown;
const code = markdownCode;
/** Text inside the raw HTML of `<summary>` (no markdown there). */
const inHtml = escapeMarkdownHtml;

function simulationCell(simulation: SimulationComparison | undefined): string {
  if (!simulation) return '';
  const cell = `${percent(simulation.before.abandonRateUpper95)} → ${percent(simulation.after.abandonRateUpper95)}`;
  return simulation.breaksLimit ? `**${cell} ⛔ over ${percent(simulation.limit)}**` : cell;
}

export function renderPlanMarkdown(report: PlanReport): string {
  const { plan, diagnostics, simulations } = report;
  const { summary } = plan;
  const out: string[] = [PLAN_COMMENT_MARKER, '### cxone-gitops plan', ''];
  if (report.error) out.push(`> ❌ **The plan failed:** ${escape(report.error)}`, '');
  out.push(
    `**${summary.toApply}** to apply (${summary.drifted} drifted) · **${summary.blocked}** blocked · **${summary.held}** held · ${summary.observed} observed only · ` +
      `${summary.suspended} suspended · ${summary.inSync} in sync · ${summary.notFound} not found · ${plural(summary.invalidFiles, 'invalid file')}`,
    '',
    ...(report.history ? [`_${escape(report.history.message)}_`, ''] : []),
  );
  if (diagnostics.length > 0) {
    const block = diagnostics.map((d) => `${d.path}:${d.line}:${d.column}: ${d.message}`.replace(/[\r\n]+/g, ' '));
    const fence = markdownFence(block.join('\n'));
    out.push('#### Invalid files', '', fence, ...block, fence, '');
  }
  const withSimulation = simulations.size > 0;
  out.push(`| | campaign | status | live version | changes |${withSimulation ? ' abandon bound |' : ''}`);
  out.push(`|---|---|---|---|---|${withSimulation ? '---|' : ''}`);
  for (const p of plan.plans) {
    const row = `| ${ICON[p.action]} | ${code(p.name)} | ${p.status} | ${escape(p.liveVersion ?? '—')} | ${p.changes.length} |`;
    out.push(withSimulation ? `${row} ${simulationCell(simulations.get(p.name))} |` : row);
  }
  for (const p of plan.plans.filter((candidate) => candidate.action !== 'none')) {
    out.push('', `<details><summary>${ICON[p.action]} <code>${inHtml(p.name)}</code>: ${inHtml(p.reason)}</summary>`, '');
    out.push(`File ${code(p.path)} · campaign ${code(p.campaignId)} · policy ${code(p.policy)}`, '');
    if (p.changes.length > 0) {
      out.push('| field | live | Git |', '|---|---|---|');
      for (const c of p.changes) out.push(`| ${code(c.field)} | ${escape(formatValue(c.before))} | ${escape(formatValue(c.after))} |`);
      out.push('');
    }
    if (p.lastModified?.by) out.push(`Live last changed by ${code(p.lastModified.by)}${p.lastModified.at ? ` at ${escape(p.lastModified.at)}` : ''}.`, '');
    const simulation = simulations.get(p.name);
    if (simulation) {
      out.push(`| simulated${simulation.model ? ` (${escape(simulation.model)})` : ''} | before | after |`, '|---|---|---|');
      out.push(`| abandon rate, upper 95% bound (limit ${percent(simulation.limit)}) | ${percent(simulation.before.abandonRateUpper95)} | ${percent(simulation.after.abandonRateUpper95)} |`);
      out.push(`| agent occupancy | ${percent(simulation.before.occupancy)} | ${percent(simulation.after.occupancy)} |`);
      out.push(`| answer rate | ${percent(simulation.before.answerRate)} | ${percent(simulation.after.answerRate)} |`, '');
    }
    out.push('</details>');
  }
  return `${out.join('\n')}\n`;
}
