/**
 * Adopting live settings into Git (pure): rewrites a campaign file's spec with the settings CXone
 * has now, keeping the file's comments, key order and layout, so an engineer can open a pull
 * request that codifies an out-of-band change instead of reverting it.
 */
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { WEIGHT_KEYS } from './dialer-weights.js';
import type { LiveCampaign } from './live-campaign.js';
import { normalizeNumber } from './dialer-settings.js';

export interface AdoptResult {
  text: string;
  /** Fields whose value changed: `spec.parameterWeights.predictive_factor: -0.1 → 0.05`. */
  changes: string[];
}

function setScalar(doc: Document, path: string[], value: string | number | boolean, changes: string[]): void {
  const node = doc.getIn(path, true);
  const before = isScalar(node) ? node.value : undefined;
  if (before === value) return;
  if (isScalar(node)) node.value = value;
  else doc.setIn(path, value);
  changes.push(`${path.join('.')}: ${before === undefined ? '(unset)' : String(before)} → ${String(value)}`);
}

/** The campaign file `text` with `live`'s settings in its spec. Throws when the text is not a campaign document. */
export function adoptLiveSettings(text: string, live: LiveCampaign): AdoptResult {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0 || !isMap(doc.getIn(['spec'], true))) throw new Error('the file is not a valid campaign document: run cxone-gitops validate first');
  const changes: string[] = [];
  const settings = live.predictiveDialerSettings;
  setScalar(doc, ['spec', 'algorithmId'], settings.algorithmId, changes);
  const weights = doc.getIn(['spec', 'parameterWeights'], true);
  for (const key of WEIGHT_KEYS) {
    const value = settings.parameterWeights[key];
    const present = isMap(weights) && weights.has(key);
    if (value === undefined || (value === 0 && !present)) {
      if (present) {
        doc.deleteIn(['spec', 'parameterWeights', key]);
        changes.push(`spec.parameterWeights.${key}: removed (unset live)`);
      }
      continue;
    }
    setScalar(doc, ['spec', 'parameterWeights', key], normalizeNumber(value), changes);
  }
  for (const key of ['validationSplit', 'maxDeviationLimit', 'convergenceThreshold'] as const) setScalar(doc, ['spec', key], normalizeNumber(settings[key]), changes);
  if (live.configuration) {
    for (const [key, value] of Object.entries(live.configuration)) {
      const path = ['spec', 'configuration', key];
      const current = doc.getIn(path, true);
      const isDefault = (key === 'simulationTrigger' && value === 'automatic') || ((key === 'enablePredictiveTuning' || key === 'driftProtection') && value === true);
      if (current === undefined && isDefault) continue;
      setScalar(doc, path, value as string | boolean, changes);
    }
  }
  return { text: doc.toString({ lineWidth: 0 }), changes };
}
