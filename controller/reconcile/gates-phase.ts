/**
 * The gates phase (I3 in docs/architecture.md): nothing is written while a deny sync window is open,
 * nor a proposal whose local simulation breaks the abandon limit. A closed window asks to run again
 * when it opens; a failed gate is a hold (needs a human) until the desired settings change.
 */
import type { SimulationSnapshot } from '../domain/campaign-state.js';
import { decideSyncWindow } from '../domain/sync-windows.js';
import type { SyncWindow } from '../domain/controller-policy.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { ResourceTypes } from './resource-model.js';

export type GateOutcome =
  | { pass: true; simulation: SimulationSnapshot }
  | { pass: false; reason: 'WindowClosed'; message: string; requeueAfterMs?: number }
  | { pass: false; reason: 'GateFailed'; message: string; simulation: SimulationSnapshot };

export async function runGates<T extends ResourceTypes>(ctx: ReconcileContext<T>, windows: readonly SyncWindow[], live: T['live']): Promise<GateOutcome> {
  const now = ctx.now();
  const window = decideSyncWindow(windows, ctx.identity, now);
  if (!window.allowed) {
    const requeueAfterMs = window.nextChangeAt ? Math.max(1000, window.nextChangeAt.getTime() - now.getTime() + 1000) : undefined;
    return { pass: false, reason: 'WindowClosed', message: `sync window: ${window.reason}`, requeueAfterMs };
  }
  const gate = await ctx.model.gate(ctx.deps.pool, ctx.campaign, live);
  const simulation: SimulationSnapshot = { source: 'local', at: ctx.at(), fingerprint: ctx.fingerprint, ...gate.prediction, limit: gate.limit, pass: gate.pass };
  if (!gate.pass) return { pass: false, reason: 'GateFailed', message: `local gate: ${gate.reason}`, simulation };
  return { pass: true, simulation };
}
