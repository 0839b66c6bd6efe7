/**
 * The messages between `loadDesiredStateInWorker` and its thread. The loaded state crosses in
 * slices so that no single message holds the event loop long (a structured clone is deserialised
 * in one go on receipt): the campaigns, skills and both diagnostic lists `sliceSize` items at a
 * time, then the rest. The thread sends the next slice only when asked (`'next'`), and the main
 * thread asks only after it has let other work run, so slices never pile up into one long turn.
 */
import type { LoadedDesiredState } from './load-desired-state.js';
import type { ReadDesiredStateOptions } from './read-desired-state.js';

export interface DesiredStateThreadInput {
  dir: string;
  options: ReadDesiredStateOptions;
  sliceSize: number;
}

/** The lists of a loaded desired state that cross in slices. */
export type SlicedList = 'campaigns' | 'skills' | 'validationDiagnostics' | 'diagnostics' | 'paths';

export type DesiredStateThreadMessage =
  | { type: 'slice'; list: SlicedList; items: unknown[] }
  | { type: 'done'; fileCount: number; invalidFiles: number; policy?: LoadedDesiredState['validation']['policy']; policyPath?: string }
  | { type: 'failed'; message: string };

function* slicesOf(items: readonly unknown[], size: number): Generator<unknown[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The thread's side: `loaded` as a series of messages, the last one `done`. */
export function* messagesOf(loaded: LoadedDesiredState, sliceSize: number): Generator<DesiredStateThreadMessage> {
  const { campaigns, skills, diagnostics, policy, policyPath } = loaded.validation;
  const lists: Record<SlicedList, readonly unknown[]> = { campaigns, skills, validationDiagnostics: diagnostics, diagnostics: loaded.diagnostics, paths: loaded.paths };
  for (const list of Object.keys(lists) as SlicedList[]) {
    for (const items of slicesOf(lists[list], sliceSize)) yield { type: 'slice', list, items };
  }
  yield { type: 'done', fileCount: loaded.fileCount, invalidFiles: loaded.invalidFiles, ...(policy === undefined ? {} : { policy }), ...(policyPath === undefined ? {} : { policyPath }) };
}

/** The receiving side: gathers the slices; `done` returns the loaded state. */
export function createLoadedDesiredStateCollector(): { take(message: DesiredStateThreadMessage): LoadedDesiredState | undefined } {
  const lists: Record<SlicedList, unknown[]> = { campaigns: [], skills: [], validationDiagnostics: [], diagnostics: [], paths: [] };
  return {
    take(message) {
      if (message.type === 'failed') throw new Error(message.message);
      if (message.type === 'slice') {
        for (const item of message.items) lists[message.list].push(item);
        return undefined;
      }
      const validation = {
        campaigns: lists.campaigns,
        skills: lists.skills,
        diagnostics: lists.validationDiagnostics,
        ...(message.policy === undefined ? {} : { policy: message.policy }),
        ...(message.policyPath === undefined ? {} : { policyPath: message.policyPath }),
      } as LoadedDesiredState['validation'];
      return { fileCount: message.fileCount, paths: lists.paths as string[], invalidFiles: message.invalidFiles, validation, diagnostics: lists.diagnostics as LoadedDesiredState['diagnostics'] };
    },
  };
}
