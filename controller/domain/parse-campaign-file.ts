/**
 * One campaign file (`kind: CampaignWeights`), from bytes to a checked document: its schema, the
 * maximum deviation rule and the file's other rules. Repository-wide rules (unique names and ids)
 * and defaults from the policy file are applied by validateDesiredState.
 */
import type { CampaignPositions } from './campaign-spec.js';
import { checkCampaignRules } from './campaign-rules.js';
import type { CompiledDesiredStateSchemas } from './compile-schemas.js';
import { hasErrors } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import type { CampaignWeightsDocument } from './desired-state-documents.js';
import { quoteText } from './describe-value.js';
import { parseDesiredStateFile, type FileExpectation, type ParsedFile } from './parse-desired-state-file.js';

/** A campaign file: its document and positions when it is valid, and every problem found. */
export interface ParsedCampaignFile {
  document?: CampaignWeightsDocument;
  positions?: CampaignPositions;
  diagnostics: Diagnostic[];
}

function wrongKind(kind: string): string {
  if (kind === 'ControllerPolicy') {
    return 'kind is "ControllerPolicy", which only cxone-gitops.yaml at the root of the desired-state directory may be: move this file there or make it a CampaignWeights file';
  }
  return `kind is ${quoteText(kind)}: files in the desired-state directory are kind CampaignWeights or OutboundSkill (or ControllerPolicy in cxone-gitops.yaml at the root); fix kind or move the file out of the directory`;
}

/** What a campaign file must be. */
export function campaignExpectation(schemas: CompiledDesiredStateSchemas): FileExpectation {
  return {
    kind: 'CampaignWeights',
    knownKinds: ['CampaignWeights', 'OutboundSkill'],
    topLevelKeys: ['apiVersion', 'kind', 'metadata', 'spec'],
    schema: schemas.campaignWeights,
    wrongKind,
    rules: checkCampaignRules,
  };
}

/** A campaign file's document and positions, from a parse without errors. */
export function campaignFileOf(parsed: ParsedFile): ParsedCampaignFile {
  const { source, diagnostics } = parsed;
  if (source === undefined || hasErrors(diagnostics)) return { diagnostics };
  const positions: CampaignPositions = {
    name: source.positionOf(['metadata', 'name']),
    campaignId: source.positionOf(['metadata', 'campaignId']),
    parameterWeights: source.positionOf(['spec', 'parameterWeights'], 'key'),
  };
  return { document: source.value as CampaignWeightsDocument, positions, diagnostics };
}

/** Parses and checks one campaign file; never throws. */
export function parseCampaignFile(path: string, bytes: Uint8Array, schemas: CompiledDesiredStateSchemas): ParsedCampaignFile {
  return campaignFileOf(parseDesiredStateFile(path, bytes, campaignExpectation(schemas)));
}
