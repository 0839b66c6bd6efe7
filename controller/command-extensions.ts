/**
 * Command sets that live outside controller/ and depend on it, never the other way round: the
 * emulator and the demo (emulator/commands/). The controller loads them with a dynamic import of
 * a computed URL, so nothing in controller/ imports emulator/ statically and a build or image
 * without emulator/ still runs every controller command (docs/architecture.md, "Entry points").
 */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

/** What an extension module exports. */
export interface CommandExtension {
  /** Adds the extension's sub-commands to the `cxone-gitops` program. */
  registerCommands(program: Command): void;
}

/** The extensions `cxone-gitops` looks for, relative to this file's compiled location. */
export const DEFAULT_EXTENSIONS: readonly URL[] = [new URL('../emulator/commands/register-commands.js', import.meta.url)];

function isCommandExtension(value: unknown): value is CommandExtension {
  return typeof value === 'object' && value !== null && typeof (value as { registerCommands?: unknown }).registerCommands === 'function';
}

function isMissing(error: unknown, url: URL): boolean {
  const { code, url: missing } = (error ?? {}) as { code?: unknown; url?: unknown };
  // The module itself is missing, not one of its imports (Node names the missing module first).
  return code === 'ERR_MODULE_NOT_FOUND' && (missing === url.href || (error instanceof Error && error.message.startsWith(`Cannot find module '${fileURLToPath(url)}'`)));
}

/**
 * Registers every extension that is installed. A missing one is skipped (its commands are simply
 * absent); one that fails to load, or does not export `registerCommands`, is an error.
 */
export async function registerCommandExtensions(program: Command, extensions: readonly URL[] = DEFAULT_EXTENSIONS): Promise<void> {
  for (const url of extensions) {
    let loaded: unknown;
    try {
      loaded = await import(url.href);
    } catch (error) {
      if (isMissing(error, url)) continue;
      throw error;
    }
    if (!isCommandExtension(loaded)) throw new Error(`${fileURLToPath(url)} does not export registerCommands(program)`);
    loaded.registerCommands(program);
  }
}
