/**
 * Syntax of the five-field cron expressions that open sync windows (minute hour day-of-month month
 * day-of-week), as Argo CD writes them: `*`, numbers, ranges `a-b`, steps `/n`, lists `a,b`, and
 * month and day names (`JAN`, `MON`).
 */

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function valueOf(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index === -1) return undefined;
  return field.name === 'month' ? index + 1 : index;
}

function itemProblem(item: string, field: CronField): string | undefined {
  const [base = '', step, ...extra] = item.split('/');
  if (extra.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) {
    return `${field.name} "${item}" has a bad step: write it as */n or a-b/n with n >= 1`;
  }
  if (base === '*') return undefined;
  const bounds = base.split('-');
  if (bounds.length > 2) return `${field.name} "${item}" is not a number, a range a-b or *`;
  const values = bounds.map((bound) => valueOf(bound, field));
  for (const [index, value] of values.entries()) {
    if (value === undefined) return `${field.name} "${bounds[index] ?? ''}" is not a number${field.names ? ' or a name' : ''}`;
    if (value < field.min || value > field.max) return `${field.name} ${value} is out of range ${field.min}-${field.max}`;
  }
  const [low = 0, high = low] = values as number[];
  if (high < low) return `${field.name} range "${base}" runs backwards: write the smaller value first`;
  return undefined;
}

/** Why `expression` is not a five-field cron expression, or undefined when it is one. */
export function cronScheduleProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter((field) => field !== '');
  if (fields.length !== FIELDS.length) {
    return `has ${fields.length} field${fields.length === 1 ? '' : 's'}: write five (minute hour day-of-month month day-of-week), e.g. "0 8 * * 1"`;
  }
  for (const [index, text] of fields.entries()) {
    const field = FIELDS[index];
    if (field === undefined) continue;
    for (const item of text.split(',')) {
      const problem = itemProblem(item, field);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
