/**
 * A tolerant reader of live campaigns: the fields the controller relies on are validated strictly
 * (response-validation.ts); anything else CXone adds — a new `operatingProfile` field, numeric or
 * not — is dropped here, so a newer API never blocks an apply ("not a known profile field").
 */
import { DEFAULT_PROFILE } from '../../simulation/types.js';
import type { LiveCampaign } from './cxone-types.js';

const PROFILE_KEYS = Object.keys(DEFAULT_PROFILE);

/** The campaign with `operatingProfile` reduced to the known fields that hold finite numbers. */
export function knownLiveFields(campaign: LiveCampaign): LiveCampaign {
  const profile = campaign.operatingProfile as Record<string, unknown> | undefined;
  if (!profile || typeof profile !== 'object') return campaign;
  const known = Object.fromEntries(PROFILE_KEYS.filter((key) => typeof profile[key] === 'number' && Number.isFinite(profile[key])).map((key) => [key, profile[key] as number]));
  return { ...campaign, operatingProfile: known };
}
