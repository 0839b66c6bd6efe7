/**
 * The whole desired-state directory: the optional policy file, every campaign and skill file, and the
 * repository-wide rules. One broken file never stops the others.
 */
import type { CampaignSpec } from './campaign-spec.js';
import type { CompiledDesiredStateSchemas } from './compile-schemas.js';
import type { ControllerPolicy } from './controller-policy.js';
import { defaultControllerPolicy } from './controller-policy.js';
import { compareDiagnostics, errorAt, FILE_START } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import { isPolicyFile } from './desired-state-file.js';
import type { DesiredStateFile } from './desired-state-file.js';
import { normalizeCampaign } from './normalize-campaign.js';
import { normalizePolicy } from './normalize-policy.js';
import type { ParsedCampaignFile } from './parse-campaign-file.js';
import { parsePolicyFile } from './parse-policy-file.js';
import { parseResourceFile } from './parse-resource-file.js';
import type { ParsedSkillFile } from './parse-skill-file.js';
import { normalizeSkill } from './normalize-skill.js';
import { checkRegulatoryCap } from './skill-rules.js';
import type { SkillSpec } from './skill-spec.js';
import { checkUniqueness, type CampaignClaim } from './uniqueness-rule.js';

/** The outcome of validating a desired-state directory. */
export interface DesiredStateValidation {
  /** The valid campaigns, normalised under the policy, in path order. */
  campaigns: CampaignSpec[];
  /** The valid outbound skills (`kind: OutboundSkill`), normalised under the policy, in path order. */
  skills: SkillSpec[];
  /**
   * The policy in force: the policy file's, or the defaults when there is none. Undefined when the
   * policy file is invalid; the campaigns then carry the defaults, and nothing should be applied.
   */
  policy?: ControllerPolicy;
  /** The policy file, when there is one. */
  policyPath?: string;
  /** Every problem, in path, line, column order. */
  diagnostics: Diagnostic[];
}

interface ValidCampaignFile {
  file: DesiredStateFile;
  parsed: Required<ParsedCampaignFile>;
}

interface ValidSkillFile {
  file: DesiredStateFile;
  parsed: ParsedSkillFile & Required<Pick<ParsedSkillFile, 'document' | 'positions'>>;
}

function skillClaims(skills: readonly ValidSkillFile[]): CampaignClaim[] {
  return skills.map(({ file, parsed }) => ({
    path: file.path,
    name: parsed.document.metadata.name,
    campaignId: String(parsed.document.metadata.skillId),
    namePosition: parsed.positions.name,
    campaignIdPosition: parsed.positions.skillId,
    idField: 'metadata.skillId',
    idNoun: 'CXone skill',
  }));
}

function readPolicy(files: readonly DesiredStateFile[], schemas: CompiledDesiredStateSchemas, diagnostics: Diagnostic[]): { policy?: ControllerPolicy; path?: string } {
  const [first, ...extra] = files.filter(isPolicyFile);
  for (const file of extra) {
    const message = `a second policy file beside ${first?.path ?? ''}: keep only one of cxone-gitops.yaml and cxone-gitops.yml`;
    diagnostics.push(errorAt(file.path, FILE_START, message, 'policy'));
  }
  if (first === undefined) return { policy: defaultControllerPolicy() };
  const parsed = parsePolicyFile(first.path, first.bytes, schemas);
  diagnostics.push(...parsed.diagnostics);
  return { path: first.path, ...(parsed.document === undefined ? {} : { policy: normalizePolicy(parsed.document) }) };
}

/** Validates every file (in any order; reported in path order). Never throws. */
export function validateDesiredState(files: readonly DesiredStateFile[], schemas: CompiledDesiredStateSchemas): DesiredStateValidation {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const diagnostics: Diagnostic[] = [];
  const { policy, path: policyPath } = readPolicy(sorted, schemas, diagnostics);
  const valid: ValidCampaignFile[] = [];
  const validSkills: ValidSkillFile[] = [];
  const effective = policy ?? defaultControllerPolicy();
  for (const file of sorted) {
    if (isPolicyFile(file)) continue;
    const parsed = parseResourceFile(file.path, file.bytes, schemas);
    if (parsed.kind === 'OutboundSkill') {
      const { skill } = parsed;
      diagnostics.push(...skill.diagnostics);
      if (skill.document === undefined || skill.positions === undefined) continue;
      const capped = checkRegulatoryCap(file.path, skill.document.spec.generalSettings?.abandonRateThreshold, skill.thresholdPosition ?? skill.positions.spec, effective.regulatoryAbandonPercent);
      diagnostics.push(...capped);
      if (capped.length === 0) validSkills.push({ file, parsed: { ...skill, document: skill.document, positions: skill.positions } });
      continue;
    }
    const { campaign } = parsed;
    diagnostics.push(...campaign.diagnostics);
    if (campaign.document !== undefined && campaign.positions !== undefined) {
      valid.push({ file, parsed: { document: campaign.document, positions: campaign.positions, diagnostics: campaign.diagnostics } });
    }
  }
  const duplicates = checkUniqueness([
    ...valid.map(({ file, parsed }) => ({
      path: file.path,
      name: parsed.document.metadata.name,
      campaignId: parsed.document.metadata.campaignId,
      namePosition: parsed.positions.name,
      campaignIdPosition: parsed.positions.campaignId,
    })),
    ...skillClaims(validSkills),
  ]);
  diagnostics.push(...duplicates);
  const rejected = new Set(duplicates.map((diagnostic) => diagnostic.path));
  const campaigns = valid
    .filter(({ file }) => !rejected.has(file.path))
    .map(({ file, parsed }) => normalizeCampaign(parsed.document, file.path, parsed.positions, effective));
  const skills = validSkills
    .filter(({ file }) => !rejected.has(file.path))
    .map(({ file, parsed }) => normalizeSkill(parsed.document, file.path, parsed.positions, effective, parsed.calibrated));
  return {
    campaigns,
    skills,
    ...(policy === undefined ? {} : { policy }),
    ...(policyPath === undefined ? {} : { policyPath }),
    diagnostics: diagnostics.sort(compareDiagnostics),
  };
}
