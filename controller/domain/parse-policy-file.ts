/**
 * The policy file (`cxone-gitops.yaml` at the root, `kind: ControllerPolicy`), from bytes to a
 * checked document.
 */
import type { CompiledDesiredStateSchemas } from './compile-schemas.js';
import { hasErrors } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import type { ControllerPolicyDocument } from './desired-state-documents.js';
import { quoteText } from './describe-value.js';
import { parseDesiredStateFile } from './parse-desired-state-file.js';
import { checkPolicyRules } from './policy-rules.js';

/** The policy file's document when it is valid, and every problem found. */
export interface ParsedPolicyFile {
  document?: ControllerPolicyDocument;
  diagnostics: Diagnostic[];
}

function wrongKind(kind: string): string {
  if (kind === 'CampaignWeights') {
    return 'kind is "CampaignWeights", but cxone-gitops.yaml at the root is the repository policy: make it kind ControllerPolicy, or give this campaign file another name';
  }
  return `kind is ${quoteText(kind)}: cxone-gitops.yaml at the root of the desired-state directory is kind ControllerPolicy`;
}

/** Parses and checks the policy file; never throws. */
export function parsePolicyFile(path: string, bytes: Uint8Array, schemas: CompiledDesiredStateSchemas): ParsedPolicyFile {
  const { source, diagnostics } = parseDesiredStateFile(path, bytes, {
    kind: 'ControllerPolicy',
    topLevelKeys: ['apiVersion', 'kind', 'spec'],
    schema: schemas.controllerPolicy,
    wrongKind,
    rules: checkPolicyRules,
  });
  if (source === undefined || hasErrors(diagnostics)) return { diagnostics };
  return { document: source.value as ControllerPolicyDocument, diagnostics };
}
