/**
 * A tolerant reader of live campaigns: the fields the controller relies on are validated strictly
 * (response-validation.ts); anything else CXone adds — a new `operatingProfile` field, numeric or
 * not — is dropped here, so a newer API never blocks an apply ("not a known profile field").
 * The campaign's live name and who and when (`name`, `modifiedBy`, `dateModified`) are free text
 * from CXone that reaches status documents, alerts and audit commits (the controller names a
 * campaign by its file and matches it by id, never by the live name): control characters are made visible and the length bounded
 * here, once, so a supervisor's name can neither forge a line nor make the campaign's status
 * document one the restore refuses.
 */
import { DEFAULT_PROFILE } from '../../simulation/types.js';
import { visibleText } from '../../lib/escape-for.js';
import type { LiveCampaign } from './cxone-types.js';

const PROFILE_KEYS = Object.keys(DEFAULT_PROFILE);

/** The campaign with `operatingProfile` reduced to the known fields that hold finite numbers. */
export function knownLiveFields(received: LiveCampaign): LiveCampaign {
  const campaign = withVisibleText(received);
  const profile = campaign.operatingProfile as Record<string, unknown> | undefined;
  if (!profile || typeof profile !== 'object') return campaign;
  const known = Object.fromEntries(PROFILE_KEYS.filter((key) => typeof profile[key] === 'number' && Number.isFinite(profile[key])).map((key) => [key, profile[key] as number]));
  return { ...campaign, operatingProfile: known };
}

/** The longest `name` / `modifiedBy` / `dateModified` kept (a status document holds at most 500 / 500 / 100). */
const MAX_NAME = 300;
const MAX_AUTHOR = 200;
const MAX_DATE = 100;

function withVisibleText(campaign: LiveCampaign): LiveCampaign {
  const { modifiedBy, dateModified } = campaign;
  return {
    ...campaign,
    name: visibleText(campaign.name, MAX_NAME),
    ...(modifiedBy !== undefined ? { modifiedBy: visibleText(modifiedBy, MAX_AUTHOR) } : {}),
    ...(dateModified !== undefined ? { dateModified: visibleText(dateModified, MAX_DATE) } : {}),
  };
}
