/**
 * The emulated tenant's campaigns: paging, optimistic concurrency on PUT, supervisor edits and
 * seeding. Every accepted change is kept in `changes`, so tests can check what reached the API.
 */
import { DEFAULT_PROFILE, type OperatingProfile } from '../controller/simulation/types.js';
import { validateSimulationInput } from '../controller/simulation/index.js';
import { deepMerge } from './deep-merge.js';
import { isPlainObject, validateConfiguration, validateDialerSettings } from './settings-validation.js';
import type { Campaign, CampaignConfiguration, DialerSettings } from './types.js';

export const DEFAULT_CONFIGURATION: Readonly<CampaignConfiguration> = Object.freeze({
  enablePredictiveTuning: true,
  simulationTrigger: 'automatic',
  driftProtection: true,
});

/** One accepted change of a campaign's settings. */
export interface CampaignChange {
  campaignId: string;
  version: number;
  modifiedBy: string;
  dateModified: string;
  /** `api` for a PUT, `ui` for a supervisor edit, `admin` for seeding. */
  source: 'api' | 'ui' | 'admin';
  predictiveDialerSettings: DialerSettings;
  configuration: CampaignConfiguration;
}

export type StoreResult =
  | { ok: true; campaign: Campaign }
  | { ok: false; status: 400 | 404 | 409; error: string; message: string; details?: string[] };

const PUT_KEYS = ['id', 'name', 'predictiveDialerSettings', 'configuration', 'version'];
const READ_ONLY_KEYS = ['operatingProfile', 'modifiedBy', 'dateModified'];
const PATCH_KEYS = ['name', 'predictiveDialerSettings', 'configuration', 'operatingProfile', 'modifiedBy'];

function badRequest(details: string[]): StoreResult {
  return { ok: false, status: 400, error: 'BadRequest', message: details.join('; '), details };
}

function notFound(id: string): StoreResult {
  return { ok: false, status: 404, error: 'NotFound', message: `campaign ${id} does not exist` };
}

/** Validates a (partial) operating profile and returns it merged over the defaults. */
export function resolveProfile(value: unknown, base: OperatingProfile = DEFAULT_PROFILE): { profile?: OperatingProfile; errors: string[] } {
  if (value === undefined) return { profile: { ...base }, errors: [] };
  if (!isPlainObject(value)) return { errors: ['operatingProfile must be an object'] };
  const unknown = Object.keys(value).filter((key) => !(key in DEFAULT_PROFILE));
  if (unknown.length > 0) {
    return { errors: unknown.map((key) => `operatingProfile.${key} is not a known field (allowed: ${Object.keys(DEFAULT_PROFILE).join(', ')})`) };
  }
  const profile = { ...base, ...(value as Partial<OperatingProfile>) };
  const errors = validateSimulationInput({ weights: {}, profile, durationSeconds: 1 }).map((message) =>
    message.replace(/^profile\./, 'operatingProfile.'),
  );
  return errors.length > 0 ? { errors } : { profile, errors };
}

export class CampaignStore {
  readonly changes: CampaignChange[] = [];
  private readonly campaigns = new Map<string, Campaign>();

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.campaigns.size;
  }

  get(id: string): Campaign | undefined {
    return this.campaigns.get(id);
  }

  all(): Campaign[] {
    return [...this.campaigns.values()];
  }

  page(pageNumber: number, pageSize: number): { entities: Campaign[]; total: number; pageCount: number } {
    const all = this.all();
    const start = (pageNumber - 1) * pageSize;
    return { entities: all.slice(start, start + pageSize), total: all.length, pageCount: Math.ceil(all.length / pageSize) };
  }

  clear(): void {
    this.campaigns.clear();
    this.changes.length = 0;
  }

  /** `PUT /api/v2/outbound/campaigns/{id}` with the tutorial's payload; `version` optional. */
  put(id: string, body: unknown, actor: string): StoreResult {
    const current = this.campaigns.get(id);
    if (!current) return notFound(id);
    if (!isPlainObject(body)) return badRequest(['the request body must be a JSON object']);
    const errors = Object.keys(body)
      .filter((key) => !PUT_KEYS.includes(key) && !READ_ONLY_KEYS.includes(key))
      .map((key) => `${key} is not a known field (allowed: ${PUT_KEYS.join(', ')})`);
    if (body.id !== undefined && body.id !== id) errors.push(`id ${JSON.stringify(body.id)} does not match the campaign in the path (${id})`);
    if (body.version !== undefined && !Number.isInteger(body.version)) errors.push('version must be an integer');
    const settings = validateDialerSettings(body.predictiveDialerSettings);
    if (!settings.ok) errors.push(...settings.errors);
    const configuration = body.configuration === undefined ? undefined : validateConfiguration(body.configuration);
    if (configuration && !configuration.ok) errors.push(...configuration.errors);
    if (errors.length > 0 || !settings.ok || (configuration && !configuration.ok)) return badRequest(errors);
    if (body.version !== undefined && body.version !== current.version) {
      return {
        ok: false,
        status: 409,
        error: 'Conflict',
        message: `campaign ${id} is at version ${current.version}, the request carried version ${String(body.version)}: fetch the latest version and re-plan`,
      };
    }
    const name = typeof body.name === 'string' && body.name.length > 0 ? body.name : current.name;
    return {
      ok: true,
      campaign: this.commit({ ...current, name, predictiveDialerSettings: settings.value, configuration: configuration?.value ?? current.configuration }, actor, 'api'),
    };
  }

  /** `PATCH /emulator/campaigns/{id}`: a supervisor's edit in the CXone UI (deep merge). */
  patch(id: string, body: unknown): StoreResult {
    const current = this.campaigns.get(id);
    if (!current) return notFound(id);
    if (!isPlainObject(body)) return badRequest(['the request body must be a JSON object']);
    const errors = Object.keys(body)
      .filter((key) => !PATCH_KEYS.includes(key))
      .map((key) => `${key} is not a field a supervisor can edit (allowed: ${PATCH_KEYS.join(', ')})`);
    const { modifiedBy, ...changes } = body;
    if (modifiedBy !== undefined && typeof modifiedBy !== 'string') errors.push('modifiedBy must be a string');
    const merged = deepMerge(current as unknown as Record<string, unknown>, changes);
    const settings = validateDialerSettings(merged.predictiveDialerSettings);
    if (!settings.ok) errors.push(...settings.errors);
    const configuration = validateConfiguration(merged.configuration);
    if (!configuration.ok) errors.push(...configuration.errors);
    const { profile, errors: profileErrors } = resolveProfile(merged.operatingProfile, DEFAULT_PROFILE);
    errors.push(...profileErrors);
    if (typeof merged.name !== 'string' || merged.name.length === 0) errors.push('name must be a non-empty string');
    if (errors.length > 0 || !settings.ok || !configuration.ok || !profile) return badRequest(errors);
    const next: Campaign = {
      ...current,
      name: merged.name as string,
      predictiveDialerSettings: settings.value,
      configuration: configuration.value,
      operatingProfile: profile,
    };
    return { ok: true, campaign: this.commit(next, (modifiedBy as string | undefined) ?? 'ui:supervisor', 'ui') };
  }

  /** `POST /emulator/campaigns`: creates or replaces a campaign (seeding). */
  upsert(body: unknown): StoreResult {
    if (!isPlainObject(body)) return badRequest(['each campaign must be a JSON object']);
    const errors: string[] = [];
    const allowed = ['id', 'name', 'predictiveDialerSettings', 'configuration', 'operatingProfile', 'modifiedBy'];
    for (const key of Object.keys(body)) if (!allowed.includes(key)) errors.push(`${key} is not a known field (allowed: ${allowed.join(', ')})`);
    if (typeof body.id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(body.id)) errors.push('id must be a string of letters, digits and dashes');
    if (typeof body.name !== 'string' || body.name.length === 0) errors.push('name must be a non-empty string');
    const settings = validateDialerSettings(body.predictiveDialerSettings);
    if (!settings.ok) errors.push(...settings.errors);
    const configuration = body.configuration === undefined ? { ok: true as const, value: { ...DEFAULT_CONFIGURATION } } : validateConfiguration(body.configuration);
    if (!configuration.ok) errors.push(...configuration.errors);
    const { profile, errors: profileErrors } = resolveProfile(body.operatingProfile);
    errors.push(...profileErrors);
    if (errors.length > 0 || !settings.ok || !configuration.ok || !profile) return badRequest(errors);
    const id = body.id as string;
    const current = this.campaigns.get(id);
    const campaign: Campaign = {
      id,
      name: body.name as string,
      predictiveDialerSettings: settings.value,
      configuration: configuration.value,
      operatingProfile: profile,
      version: current?.version ?? 0,
      modifiedBy: '',
      dateModified: '',
    };
    return { ok: true, campaign: this.commit(campaign, typeof body.modifiedBy === 'string' ? body.modifiedBy : 'admin:seed', 'admin') };
  }

  private commit(campaign: Campaign, actor: string, source: CampaignChange['source']): Campaign {
    const next: Campaign = {
      ...campaign,
      version: campaign.version + 1,
      modifiedBy: actor,
      dateModified: new Date(this.now()).toISOString(),
    };
    this.campaigns.set(next.id, next);
    this.changes.push({
      campaignId: next.id,
      version: next.version,
      modifiedBy: next.modifiedBy,
      dateModified: next.dateModified,
      source,
      predictiveDialerSettings: next.predictiveDialerSettings,
      configuration: next.configuration,
    });
    return next;
  }
}
