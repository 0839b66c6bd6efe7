/**
 * `adopt NAME` on the real CXone dialect (CXONE_DIALECT=cxone; README, "Real CXone"): writes the
 * live values of the fields an OutboundSkill file manages into the file, keeping comments
 * (domain/adopt-live-skill.ts). The new text is validated with the whole directory (schema, the
 * rules, the policy's regulatory cap) before anything is written; a text that breaks a rule is
 * refused unless --force.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { CxoneSkillsClient } from '../adapters/cxone/cxone-skills-client.js';
import { isCxoneNotFoundError } from '../adapters/cxone/cxone-errors.js';
import { readDesiredState } from '../adapters/fs/read-desired-state.js';
import { readDesiredStateSchemas } from '../adapters/fs/read-desired-state-schemas.js';
import { adoptLiveSkill } from '../domain/adopt-live-skill.js';
import { createDesiredStateValidator } from '../domain/desired-state-validator.js';
import { formatDiagnostic } from '../domain/diagnostic.js';
import type { SkillSpec } from '../domain/skill-spec.js';
import { NO_AUTHOR, missingSkillMessage } from '../domain/plan-skill.js';
import type { DesiredStateValidation } from '../domain/validate-desired-state.js';

/** What `adopt` gives either dialect's adopter. */
export interface AdoptInput {
  /** The object's metadata.name. */
  name: string;
  dir: string;
  validation: DesiredStateValidation;
  force: boolean;
}

/** The directory's problems with `text` in place of the skill's file: the errors of that file. */
async function errorsWith(dir: string, skill: SkillSpec, text: string): Promise<string[]> {
  const directory = await readDesiredState(dir);
  const bytes = new TextEncoder().encode(text);
  const files = directory.files.map((file) => (file.path === skill.path ? { ...file, bytes } : file));
  const validation = createDesiredStateValidator(readDesiredStateSchemas()).validateDesiredState(files);
  return validation.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' && diagnostic.path === skill.path).map(formatDiagnostic);
}

/** Adopts; returns the exit code (0 written or nothing to adopt, 1 refused). */
export async function adoptSkill(client: CxoneSkillsClient, { name, dir, validation, force }: AdoptInput): Promise<number> {
  const skill = validation.skills.find((candidate) => candidate.name === name);
  if (!skill) throw new Error(`no valid OutboundSkill named ${name} under ${dir}: check the name (metadata.name) and run cxone-gitops validate ${dir}`);
  const live = await client.getSkillParameters(skill.skillId).catch((error: unknown) => {
    if (isCxoneNotFoundError(error)) throw new Error(missingSkillMessage(skill, skill.path));
    throw error;
  });
  const adopted = adoptLiveSkill(await readFile(skill.path, 'utf8'), skill, live);
  const unshown = adopted.unshown.length > 0 ? `kept as the file has them (CXone does not show them): ${adopted.unshown.join(', ')}\n` : '';
  if (adopted.changes.length === 0) {
    process.stdout.write(`${skill.path}: already matches live skill ${skill.skillId}; nothing to adopt\n${unshown}`);
    return 0;
  }
  const errors = await errorsWith(dir, skill, adopted.text);
  if (errors.length > 0 && !force) {
    process.stderr.write(`${errors.join('\n')}\ncxone-gitops adopt: the live settings would make ${skill.path} invalid; nothing written (--force writes it anyway)\n`);
    return 1;
  }
  await writeFile(skill.path, adopted.text);
  process.stdout.write(
    [
      `${skill.path}: adopted the live settings of ${skill.name} (skill ${skill.skillId}):`,
      ...adopted.changes.map((change) => `  ${change}`),
      ...(unshown ? [unshown.trimEnd()] : []),
      `${NO_AUTHOR}.`,
      '',
      'Next: commit it on a branch and open a pull request, e.g.',
      `  git checkout -b adopt-${skill.name} && git commit -am "Adopt the live settings of ${skill.name}" && git push -u origin adopt-${skill.name}`,
      '',
    ].join('\n'),
  );
  return 0;
}
