/**
 * A file of the desired-state directory other than the policy: a `CampaignWeights` or an
 * `OutboundSkill` document, told apart by its `kind` while it is parsed (the YAML is read once).
 */
import type { CompiledDesiredStateSchemas } from './compile-schemas.js';
import { campaignExpectation, campaignFileOf, type ParsedCampaignFile } from './parse-campaign-file.js';
import { parseDesiredStateFile } from './parse-desired-state-file.js';
import { skillExpectation, skillFileOf, type ParsedSkillFile } from './parse-skill-file.js';

export type ParsedResourceFile = { kind: 'CampaignWeights'; campaign: ParsedCampaignFile } | { kind: 'OutboundSkill'; skill: ParsedSkillFile };

/** Parses and checks one file as the kind it says it is (a campaign when it says none); never throws. */
export function parseResourceFile(path: string, bytes: Uint8Array, schemas: CompiledDesiredStateSchemas): ParsedResourceFile {
  let chosen = 'CampaignWeights' as 'CampaignWeights' | 'OutboundSkill';
  const parsed = parseDesiredStateFile(path, bytes, (kind) => {
    chosen = kind === 'OutboundSkill' ? 'OutboundSkill' : 'CampaignWeights';
    return chosen === 'OutboundSkill' ? skillExpectation(schemas) : campaignExpectation(schemas);
  });
  return chosen === 'OutboundSkill' ? { kind: 'OutboundSkill', skill: skillFileOf(parsed) } : { kind: 'CampaignWeights', campaign: campaignFileOf(parsed) };
}
