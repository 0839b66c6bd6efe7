/**
 * The emulator's command set, loaded by `cxone-gitops` as an extension (controller/command-extensions.ts)
 * and by the emulator's own entry point (emulator/cli.ts).
 */
import type { Command } from 'commander';
import { registerDemoCommand } from './demo-command.js';
import { registerEmulatorCommand } from './emulator-command.js';

export function registerCommands(program: Command): void {
  registerDemoCommand(program);
  registerEmulatorCommand(program);
}
