/**
 * `cxone-gitops calibrate NAME [DIR] [--since 14d]`: fits an OutboundSkill's operating profile
 * from its CXone history and writes it into the file (README, "Calibrate").
 */
import type { Command } from 'commander';
import { skillsClientFromConfig } from '../adapters/cxone/client-from-config.js';
import { SecretRegistry } from '../adapters/logging/secret-registry.js';
import { calibrateSkill } from '../calibration/calibrate-skill.js';
import { readConfig, withDotEnv } from '../config.js';

export function registerCalibrateCommand(program: Command): void {
  program
    .command('calibrate')
    .description("fit an OutboundSkill's operating profile from CXone history and write spec.simulation.profile (keeping comments)")
    .argument('<name>', 'the skill (metadata.name)')
    .argument('[dir]', 'the desired-state directory', '.')
    .option('--since <period>', 'how much history to read, e.g. 14d, 36h', '14d')
    .action(async (name: string, dir: string, options: { since: string }) => {
      const config = readConfig(withDotEnv(process.env));
      const client = skillsClientFromConfig(config, { secrets: new SecretRegistry() });
      await calibrateSkill({ name, dir, since: options.since, now: new Date(), out: process.stdout, getReport: (path, query) => client.getReport(path, query) });
    });
}
