/**
 * One-shot faults (`POST /emulator/faults` with `next`), shared by both emulator dialects: each is
 * consumed by the first API request that matches it, in the order given (docs/architecture.md,
 * "The emulator").
 */
import type { ScriptedFault } from './types.js';

const USAGE = '{method, path?, action: error|drop|apply-then-drop, status?: 400-599, skip?: >= 0}';

/** The faults of a `next` list, or (into `errors`) why an item was refused. */
export function parseScript(script: unknown, errors: string[]): ScriptedFault[] {
  if (!Array.isArray(script)) {
    errors.push(`next must be a list of ${USAGE}`);
    return [];
  }
  const faults: ScriptedFault[] = [];
  for (const [index, item] of script.entries()) {
    const fault = item as Partial<ScriptedFault> | null;
    const valid =
      typeof fault === 'object' && fault !== null && typeof fault.method === 'string' && ['error', 'drop', 'apply-then-drop'].includes(fault.action ?? '') &&
      (fault.path === undefined || typeof fault.path === 'string') && (fault.status === undefined || (Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599)) &&
      (fault.skip === undefined || (Number.isInteger(fault.skip) && fault.skip >= 0));
    if (!valid) errors.push(`next[${index}] must be ${USAGE}`);
    else faults.push({ method: fault.method!.toUpperCase(), path: fault.path, action: fault.action!, status: fault.status, skip: fault.skip });
  }
  return faults;
}

/** Takes (removes) the first fault of `scripted` that matches `method`, `path` and one of `actions`, if any. */
export function takeScripted(scripted: ScriptedFault[], method: string, path: string, actions: ReadonlyArray<ScriptedFault['action']>): ScriptedFault | undefined {
  const index = scripted.findIndex((fault) => fault.method === method && (fault.path === undefined || path.includes(fault.path)) && actions.includes(fault.action));
  const fault = scripted[index];
  if (!fault) return undefined;
  if ((fault.skip ?? 0) > 0) {
    fault.skip = fault.skip! - 1;
    return undefined;
  }
  return scripted.splice(index, 1)[0];
}
