/**
 * `plan --format markdown`: a pull-request comment. A summary table, then one collapsible section
 * per changed campaign with its field diff. The first line is a marker the workflow uses to find
 * and update its own comment instead of adding a new one.
 */
import type { CampaignPlan } from '../domain/plan-campaign.js';
import { percent } from '../reconcile/local-gate.js';
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
};

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

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
    `**${summary.toApply}** to apply (${summary.drifted} drifted) · **${summary.blocked}** blocked · ${summary.observed} observed only · ` +
      `${summary.suspended} suspended · ${summary.inSync} in sync · ${summary.notFound} not found · ${plural(summary.invalidFiles, 'invalid file')}`,
    '',
  );
  if (diagnostics.length > 0) {
    out.push('#### Invalid files', '', '```');
    for (const d of diagnostics) out.push(`${d.path}:${d.line}:${d.column}: ${d.message}`);
    out.push('```', '');
  }
  const withSimulation = simulations.size > 0;
  out.push(`| | campaign | status | live version | changes |${withSimulation ? ' abandon bound |' : ''}`);
  out.push(`|---|---|---|---|---|${withSimulation ? '---|' : ''}`);
  for (const p of plan.plans) {
    const row = `| ${ICON[p.action]} | \`${p.name}\` | ${p.status} | ${p.liveVersion ?? '—'} | ${p.changes.length} |`;
    out.push(withSimulation ? `${row} ${simulationCell(simulations.get(p.name))} |` : row);
  }
  for (const p of plan.plans.filter((candidate) => candidate.action !== 'none')) {
    out.push('', `<details><summary>${ICON[p.action]} <code>${p.name}</code>: ${escape(p.reason)}</summary>`, '');
    out.push(`File \`${p.path}\` · campaign \`${p.campaignId}\` · policy \`${p.policy}\``, '');
    if (p.changes.length > 0) {
      out.push('| field | live | Git |', '|---|---|---|');
      for (const c of p.changes) out.push(`| \`${c.field}\` | ${formatValue(c.before)} | ${formatValue(c.after)} |`);
      out.push('');
    }
    if (p.lastModified?.by) out.push(`Live last changed by \`${escape(p.lastModified.by)}\`${p.lastModified.at ? ` at ${p.lastModified.at}` : ''}.`, '');
    const simulation = simulations.get(p.name);
    if (simulation) {
      out.push('| simulated | before | after |', '|---|---|---|');
      out.push(`| abandon rate, upper 95% bound (limit ${percent(simulation.limit)}) | ${percent(simulation.before.abandonRateUpper95)} | ${percent(simulation.after.abandonRateUpper95)} |`);
      out.push(`| agent occupancy | ${percent(simulation.before.occupancy)} | ${percent(simulation.after.occupancy)} |`);
      out.push(`| answer rate | ${percent(simulation.before.answerRate)} | ${percent(simulation.after.answerRate)} |`, '');
    }
    out.push('</details>');
  }
  return `${out.join('\n')}\n`;
}
