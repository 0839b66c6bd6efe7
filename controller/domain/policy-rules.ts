/**
 * The rules of the policy file beyond its schema: cron schedules, IANA time zones, durations longer
 * than zero, and sinks that only name what they use.
 */
import { cronScheduleProblem } from './cron-schedule.js';
import { errorAt } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import { parseDurationSeconds } from './duration.js';
import { formatFieldPath } from './field-path.js';
import type { FieldPath } from './field-path.js';
import { checkProfile } from './profile-rule.js';
import { isIanaTimeZone } from './time-zone.js';
import type { YamlSource } from './yaml-source.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function checkDuration(value: unknown, field: FieldPath, source: YamlSource): Diagnostic[] {
  if (typeof value !== 'string' || parseDurationSeconds(value) !== 0) return [];
  const message = `${formatFieldPath(field)} is "${value}", which is no time at all: write a duration longer than 0, such as 30m`;
  return [errorAt(source.path, source.positionOf(field), message, 'policy')];
}

function checkWindow(window: unknown, index: number, source: YamlSource): Diagnostic[] {
  if (!isRecord(window)) return [];
  const base: FieldPath = ['spec', 'syncWindows', index];
  const diagnostics = checkDuration(window.duration, [...base, 'duration'], source);
  if (typeof window.schedule === 'string') {
    const problem = cronScheduleProblem(window.schedule);
    if (problem !== undefined) {
      const field = [...base, 'schedule'];
      const message = `${formatFieldPath(field)} "${window.schedule}" is not a cron expression: ${problem}`;
      diagnostics.push(errorAt(source.path, source.positionOf(field), message, 'policy'));
    }
  }
  if (typeof window.timeZone === 'string' && !isIanaTimeZone(window.timeZone)) {
    const field = [...base, 'timeZone'];
    const message = `${formatFieldPath(field)} "${window.timeZone}" is not an IANA time zone: use a name such as Europe/London, America/New_York or UTC`;
    diagnostics.push(errorAt(source.path, source.positionOf(field), message, 'policy'));
  }
  return diagnostics;
}

function checkSinks(route: unknown, index: number, source: YamlSource): Diagnostic[] {
  if (!isRecord(route)) return [];
  return listOf(route.sinks).flatMap((sink, sinkIndex) => {
    if (!isRecord(sink) || sink.kind !== 'slack' || sink.secretEnv === undefined) return [];
    const field = ['spec', 'alerts', 'routes', index, 'sinks', sinkIndex, 'secretEnv'];
    const message = `${formatFieldPath(field)} is set on a slack sink, which has no signing secret: remove it (only webhook sinks are signed)`;
    return [errorAt(source.path, source.positionOf(field, 'key'), message, 'policy')];
  });
}

/** Every problem of a policy document (as loaded) that its schema does not catch. */
export function checkPolicyRules(document: unknown, source: YamlSource): Diagnostic[] {
  const spec = isRecord(document) ? document.spec : undefined;
  if (!isRecord(spec)) return [];
  const alerts = isRecord(spec.alerts) ? spec.alerts : {};
  const simulation = isRecord(spec.simulation) ? spec.simulation : {};
  return [
    ...checkProfile(simulation.profile, ['spec', 'simulation', 'profile'], source),
    ...listOf(spec.syncWindows).flatMap((window, index) => checkWindow(window, index, source)),
    ...checkDuration(alerts.reminderAfter, ['spec', 'alerts', 'reminderAfter'], source),
    ...listOf(alerts.routes).flatMap((route, index) => checkSinks(route, index, source)),
  ];
}
