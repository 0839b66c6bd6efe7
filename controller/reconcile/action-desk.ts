/**
 * Where the controller shell keeps the manual actions asked for and not yet taken (README,
 * "Manual actions"): at most one per campaign. `request` checks the action against the state now
 * (refusing at once), asks for a reconcile, and gives two promises: `taken` (the campaign's next
 * reconcile took it and its audit record is written) and `done` (that reconcile finished, with the
 * state it left). The shell calls `take` at the start of each reconcile and `finished` at its end.
 */
import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../domain/audit-record.js';
import type { CampaignState } from '../domain/campaign-state.js';
import { ActionRefusedError, checkActionRequest, takeAction, type ActionContext, type ActionRequest } from './manual-actions.js';

export interface ActionTicket {
  /** The audit record of the action, once taken; rejects with an ActionRefusedError when it was not. */
  taken: Promise<AuditRecord>;
  /** The campaign's state when the reconcile that took the action finished. */
  done: Promise<CampaignState>;
}

export interface ActionDesk {
  request(name: string, state: CampaignState, request: ActionRequest, context: ActionContext, enqueue: () => void): ActionTicket;
  take(name: string, state: CampaignState, context: ActionContext): Promise<{ state: CampaignState; ignoreWindows: boolean } | undefined>;
  finished(name: string, state: CampaignState | undefined): void;
  /** Refuses the action waiting for `name` (the campaign is gone, the controller stops or may not write). */
  cancel(name: string, status: 404 | 409 | 503, message: string): void;
  cancelAll(message: string): void;
}

interface Waiting {
  request: ActionRequest;
  taken: { resolve: (record: AuditRecord) => void; reject: (error: Error) => void };
  done: { resolve: (state: CampaignState) => void; reject: (error: Error) => void };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined); // a caller that only awaits `taken` leaves `done` unobserved
  return { promise, resolve, reject };
}

export function createActionDesk(options: { record: (record: AuditRecord, state: CampaignState) => Promise<void>; newId?: () => string }): ActionDesk {
  const newId = options.newId ?? randomUUID;
  const waiting = new Map<string, Waiting>();
  const running = new Map<string, Waiting>();

  const refuse = (entry: Waiting, error: Error): void => {
    entry.taken.reject(error);
    entry.done.reject(error);
  };

  return {
    request(name, state, request, context, enqueue) {
      const checked = checkActionRequest(request);
      if (waiting.has(name)) throw new ActionRefusedError(409, `an action on ${name} is already waiting for its reconcile: try again when it is done`);
      takeAction(state, checked, context, newId); // refuses now what would be refused when taken
      const taken = deferred<AuditRecord>();
      const done = deferred<CampaignState>();
      waiting.set(name, { request: checked, taken, done });
      enqueue();
      return { taken: taken.promise, done: done.promise };
    },
    async take(name, state, context) {
      const entry = waiting.get(name);
      if (!entry) return undefined;
      waiting.delete(name);
      let taken;
      try {
        taken = takeAction(state, entry.request, context, newId);
        await options.record(taken.record, taken.state);
      } catch (error) {
        refuse(entry, error instanceof Error ? error : new Error(String(error)));
        return undefined;
      }
      running.set(name, entry);
      entry.taken.resolve(taken.record);
      return { state: taken.state, ignoreWindows: taken.ignoreWindows };
    },
    finished(name, state) {
      const entry = running.get(name);
      if (!entry) return;
      running.delete(name);
      if (state) entry.done.resolve(state);
      else entry.done.reject(new ActionRefusedError(404, `${name} is no longer managed`));
    },
    cancel(name, status, message) {
      const entry = waiting.get(name);
      if (!entry) return;
      waiting.delete(name);
      refuse(entry, new ActionRefusedError(status, message));
    },
    cancelAll(message) {
      for (const [name, entry] of [...waiting, ...running]) {
        refuse(entry, new ActionRefusedError(503, message));
        waiting.delete(name);
        running.delete(name);
      }
    },
  };
}
