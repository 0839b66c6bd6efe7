/**
 * `cxone-gitops adopt NAME [DIR]`: writes the live settings of a (drifted) campaign into its file,
 * keeping comments and layout, so the change made outside Git can be codified by a pull request.
 * Refuses (exit 1) when the live settings would make the file invalid, unless --force.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CxoneClient } from '../adapters/cxone/cxone-client.js';
import { bindDialect } from '../adapters/cxone/target-from-config.js';
import { commandClientOptions } from './command-client.js';
import { adoptSkill, type AdoptInput } from './adopt-skill.js';
import { loadDesiredState } from '../adapters/fs/load-desired-state.js';
import { readDesiredStateSchemas } from '../adapters/fs/read-desired-state-schemas.js';
import { SecretRegistry } from '../adapters/logging/secret-registry.js';
import { readConfig, withDotEnv } from '../config.js';
import { adoptLiveSettings } from '../domain/adopt-live-settings.js';
import { createDesiredStateValidator } from '../domain/desired-state-validator.js';
import { formatDiagnostic } from '../domain/diagnostic.js';

/** The tutorial dialect's adopt: the campaign's live weights into its file; returns the exit code. */
async function adoptCampaign(client: CxoneClient, { name, dir, validation, force }: AdoptInput): Promise<number> {
  const campaign = validation.campaigns.find((candidate) => candidate.name === name);
  if (!campaign) throw new Error(`no valid campaign named ${name} under ${dir}: check the name (metadata.name) and run cxone-gitops validate ${dir}`);
  const live = await client.getCampaign(campaign.campaignId);
  const original = await readFile(campaign.path, 'utf8');
  const adopted = adoptLiveSettings(original, live);
  if (adopted.changes.length === 0) {
    process.stdout.write(`${campaign.path}: already matches live (v${live.version}); nothing to adopt\n`);
    return 0;
  }
  const validator = createDesiredStateValidator(readDesiredStateSchemas());
  const check = validator.parseCampaignFile(campaign.path, new TextEncoder().encode(adopted.text));
  const errors = check.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0 && !force) {
    process.stderr.write(`${errors.map(formatDiagnostic).join('\n')}\ncxone-gitops adopt: the live settings would make ${campaign.path} invalid; nothing written (--force writes it anyway)\n`);
    return 1;
  }
  await writeFile(campaign.path, adopted.text);
  const who = live.modifiedBy ? ` (changed by ${live.modifiedBy}${live.dateModified ? ` at ${live.dateModified}` : ''})` : '';
  process.stdout.write(
    [
      `${campaign.path}: adopted the live settings of ${name}, v${live.version}${who}:`,
      ...adopted.changes.map((change) => `  ${change}`),
      '',
      'Next: commit it on a branch and open a pull request, e.g.',
      `  git checkout -b adopt-${name} && git commit -am "Adopt the live settings of ${name}" && git push -u origin adopt-${name}`,
      '',
    ].join('\n'),
  );
  return 0;
}

export function registerAdoptCommand(program: Command): void {
  program
    .command('adopt')
    .description("write a campaign's (CXONE_DIALECT=cxone: a skill's managed) live settings into its file (keeping comments), to codify a change made outside Git")
    .argument('<name>', 'the campaign (metadata.name)')
    .argument('[dir]', 'the desired-state directory', '.')
    .option('--force', 'write even when the live settings break a rule of the file', false)
    .action(async (name: string, dir: string, options: { force: boolean }) => {
      const config = readConfig(withDotEnv(process.env), ['cxone']);
      const { validation } = await loadDesiredState(dir);
      // CXONE_DIALECT picks the adopter and its client (adapters/cxone/target-from-config.ts).
      const adopt = bindDialect(config, { tutorial: (client) => (input: AdoptInput) => adoptCampaign(client, input), cxone: (client) => (input: AdoptInput) => adoptSkill(client, input) }, { secrets: new SecretRegistry(), ...commandClientOptions('adopt') });
      process.exitCode = await adopt({ name, dir, validation, force: options.force });
    });
}
