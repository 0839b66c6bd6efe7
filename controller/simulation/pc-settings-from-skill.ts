import { PC_DEFAULT_SETTINGS } from './pc-types.js';
import type { PcSettings } from './pc-types.js';
import { validatePcSettings } from './resolve-pc-simulation-input.js';

/** The generalSettings fields pc-v1 reads. */
export const PC_GENERAL_FIELDS = [
  'maximumRatio',
  'aggressiveness',
  'abandonRateThreshold',
  'abandonRateCutoff',
  'beginDampenPercentage',
  'percentageOfAgentsBeforeOverdial',
  'maximumRingingDuration',
  'maxConcurrentCallsPerAgent',
] as const;

/**
 * The pc-v1 settings of a skill from its parameter groups as the API returns them
 * (`generalSettings`, `cpaSettings`): the fields pc-v1 reads, other fields ignored. A field the
 * model cannot read (out of range, an aggressiveness it does not know) is left out, so it takes
 * PC_DEFAULT_SETTINGS' value; `problems` says which.
 */
export function pcSettingsFromSkill(
  generalSettings: Readonly<Record<string, unknown>> | undefined,
  cpaSettings: Readonly<Record<string, unknown>> | undefined,
): { settings: PcSettings; problems: string[] } {
  const picked: Record<string, unknown> = {};
  for (const field of PC_GENERAL_FIELDS) {
    const value = generalSettings?.[field];
    if (value !== undefined && value !== null) picked[field] = value;
  }
  const abandonTimeout = cpaSettings?.abandonTimeout;
  if (abandonTimeout !== undefined && abandonTimeout !== null) picked.abandonTimeout = abandonTimeout;
  if (typeof picked.aggressiveness === 'string') picked.aggressiveness = picked.aggressiveness.toLowerCase();
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [field, value] of Object.entries(picked)) {
    const found = validatePcSettings({ [field]: value });
    if (found.length === 0) settings[field] = value;
    else problems.push(`${found[0]!}; pc-v1 uses ${String(PC_DEFAULT_SETTINGS[field as keyof typeof PC_DEFAULT_SETTINGS])}`);
  }
  return { settings: settings as PcSettings, problems };
}
