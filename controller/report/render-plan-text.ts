/** `plan --format text`: for a terminal (coloured on a TTY) or a CI log (plain). */
import { formatDiagnostic } from '../domain/diagnostic.js';
import type { PlanAction } from '../domain/plan-campaign.js';
import { escapeTerminal as t } from '../lib/escape-for.js';
import { percent } from '../domain/gate-prediction.js';
import { formatValue, plural } from './format-value.js';
import type { PlanReport } from './plan-report.js';

/**
 * The mark before each campaign. Never `-` or `+`: Terraform users read those as destroy and
 * create, and a plan here never creates or deletes a campaign. `#` reads as "commented out": left alone.
 */
export const PLAN_SIGN: Record<PlanAction, string> = { none: '=', update: '~', heal: '~', observe: '!', suspended: '#', blocked: 'x', 'not-found': '?', held: 'x', verify: '…' };
const COLOUR: Record<PlanAction, number> = { none: 32, update: 33, heal: 33, observe: 35, suspended: 90, blocked: 31, 'not-found': 31, held: 31, verify: 36 };

/**
 * `showError`: end with the failure that stopped the plan (default true). Off when the text goes to
 * the terminal and the command prints the failure on stderr, so it is said once.
 */
export function renderPlanText(report: PlanReport, options: { colour: boolean; showError?: boolean }): string {
  const paint = (code: number, text: string) => (options.colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const diagnostic of report.diagnostics) lines.push(paint(diagnostic.severity === 'error' ? 31 : 33, formatDiagnostic(diagnostic)));
  if (report.diagnostics.length > 0) lines.push('');
  for (const plan of report.plan.plans) {
    const version = plan.liveVersion === undefined ? '' : ` (live v${t(plan.liveVersion)})`;
    lines.push(`${paint(COLOUR[plan.action], `${PLAN_SIGN[plan.action]} ${t(plan.name)}`)}${version}  ${plan.status}: ${t(plan.reason)}`);
    if (plan.action === 'none') continue;
    for (const change of plan.changes) lines.push(`    ${t(change.field)}: ${t(formatValue(change.before))} → ${t(formatValue(change.after))}`);
    const simulation = report.simulations.get(plan.name);
    if (simulation) {
      const flag = simulation.breaksLimit ? paint(31, `  BREAKS the ${percent(simulation.limit)} limit: will not be applied`) : '';
      lines.push(
        `    simulated${simulation.model ? ` (${t(simulation.model)})` : ''} abandon bound ${percent(simulation.before.abandonRateUpper95)} → ${percent(simulation.after.abandonRateUpper95)}, ` +
          `occupancy ${percent(simulation.before.occupancy)} → ${percent(simulation.after.occupancy)}, ` +
          `answer rate ${percent(simulation.before.answerRate)} → ${percent(simulation.after.answerRate)}${flag}`,
      );
    }
  }
  const { summary } = report.plan;
  if (lines.length > 0) lines.push('');
  // A failed plan planned nothing: a summary of zeros would read as "all in sync".
  if (report.error) return options.showError === false ? lines.join('\n') : `${[...lines, paint(31, `Plan failed: ${t(report.error)}`)].join('\n')}\n`;
  lines.push(
    ...(report.history ? [t(report.history.message)] : []),
    `Plan: ${summary.toApply} to apply (${summary.drifted} drifted), ${summary.observed} observed only, ${summary.blocked} blocked, ${summary.held} held, ` +
      `${summary.suspended} suspended, ${summary.inSync} in sync, ${summary.notFound} not found in CXone, ${plural(summary.invalidFiles, 'invalid file')}.`,
  );
  return `${lines.join('\n')}\n`;
}
