/**
 * The real NICE CXone skills API as the controller uses it (README, "Real CXone"), through the one
 * CXone gateway (budget, circuit, Retry-After, typed errors) with the access-key token source. A
 * sweep costs `GET /skills/parameters` plus the `/skills` pages, never a call per skill.
 */
import type { LiveSkill } from '../../domain/live-skill.js';
import { groupsFromListing } from '../../domain/live-skill.js';
import { SKILL_GROUPS, aggressivenessName, type SkillGroupName } from '../../domain/skill-groups.js';
import type { Logger } from '../logging/logger.js';
import type { SecretRegistry } from '../logging/secret-registry.js';
import type { Priority } from './api-budget.js';
import type { CircuitState } from './circuit-breaker.js';
import { tolerantCxoneApi } from './cxone-api-schemas.js';
import { AccessKeyTokens, type AccessKeyCredentials } from './cxone-access-key-tokens.js';
import { CxoneGateway, type CxoneGatewayOptions } from './cxone-gateway.js';

export interface CxoneSkillsClientOptions extends AccessKeyCredentials, Omit<CxoneGatewayOptions, 'baseUrl' | 'tokenSource' | 'clientId' | 'clientSecret'> {
  /** CXONE_AUTH_URL. Default `https://cxone.niceincontact.com`. */
  authUrl?: string;
  /** CXONE_TENANT_ID. Default: the token's `tenantId` claim. */
  tenantId?: string;
  /** CXONE_API_VERSION. Default `v34.0`. */
  apiVersion?: string;
  /** `top` of each `/skills` page. Default 1000. */
  pageSize?: number;
  log?: Logger;
  secrets?: SecretRegistry;
}

export interface SkillCallOptions {
  priority?: Priority;
}

export interface CxoneSkillsClient {
  /** Every outbound skill with its parameters: `GET /skills/parameters` and the `/skills` pages. */
  listSkills(options?: SkillCallOptions): Promise<LiveSkill[]>;
  /** One skill's parameter groups (`GET /skills/{id}/parameters`); 404 → CxoneNotFoundError. */
  getSkillParameters(skillId: number, options?: SkillCallOptions): Promise<LiveSkill>;
  /**
   * Every field of one group in the PUT's form, as the full group must be sent back: general and
   * retry settings from their flat GETs; CPA settings from the skill's parameters plus the one
   * field `GET cpa-management` alone shows.
   */
  readGroup(skillId: number, group: SkillGroupName, options?: SkillCallOptions): Promise<Record<string, unknown>>;
  /** `PUT /skills/{id}/parameters/<group>` with the wrapped body. Last writer wins: no version exists. */
  putGroup(skillId: number, group: SkillGroupName, fields: Record<string, unknown>, options?: SkillCallOptions): Promise<void>;
  /**
   * A reporting GET (`/skills/{id}/summary`, `/wfm-data/skills/dialer-contacts`, …) under the API
   * base, query encoded, through the same gateway; the body as JSON.
   */
  getReport(path: string, query: Record<string, string>, options?: SkillCallOptions): Promise<unknown>;
  authenticate(): Promise<void>;
  health(): { circuit: CircuitState; budgetRemaining: number; queued: number; requestsGranted: number; tokenRequests: number };
}

interface SkillsPage {
  totalRecords: number;
  skills: Array<{ skillId: number; skillName: string; isActive?: boolean; isOutbound?: boolean; outboundStrategy?: string; isRunning?: boolean }>;
}

/** The skills API's gateway: its base URL comes from the access key's tokens, created with it. */
function accessKeyGateway(options: CxoneSkillsClientOptions): { gateway: CxoneGateway; tokens: () => AccessKeyTokens } {
  let tokens: AccessKeyTokens | undefined;
  const gateway = new CxoneGateway({
    ...options,
    baseUrl: () => tokens!.apiBase(),
    tokenSource: (created) => {
      tokens = new AccessKeyTokens({
        ...options,
        authUrl: options.authUrl ?? 'https://cxone.niceincontact.com',
        apiVersion: options.apiVersion ?? 'v34.0',
        send: (request) => created.anonymous(request),
        now: options.now ?? Date.now,
        secrets: options.secrets,
      });
      return tokens;
    },
  });
  return { gateway, tokens: () => tokens! };
}

export function createCxoneSkillsClient(options: CxoneSkillsClientOptions): CxoneSkillsClient {
  const { gateway, tokens } = accessKeyGateway(options);
  const api = tolerantCxoneApi();
  const pageSize = options.pageSize ?? 1000;

  const get = <T>(path: string, route: string, validate: (typeof api)[keyof typeof api], priority: Priority | undefined, skillId?: number): Promise<T> =>
    gateway.call<T>({ method: 'GET', path, route, retry: 'idempotent', validate, priority, ...(skillId === undefined ? {} : { campaignId: `skill ${skillId}` }) });

  async function pages(priority?: Priority): Promise<SkillsPage['skills']> {
    const skills: SkillsPage['skills'] = [];
    let total: number;
    do {
      const page = await get<SkillsPage>(`/skills?skip=${skills.length}&top=${pageSize}`, '/skills', api.skillsPage, priority);
      total = page.totalRecords;
      skills.push(...page.skills);
      if (page.skills.length === 0) break;
    } while (skills.length < total);
    return skills;
  }

  return {
    async listSkills(callOptions) {
      const listing = await get<{ skills: Array<Record<string, unknown>> }>('/skills/parameters', '/skills/parameters', api.skillsParameters, callOptions?.priority);
      const summaries = new Map((await pages(callOptions?.priority)).map((skill) => [skill.skillId, skill]));
      return listing.skills.map((entry) => {
        const skillId = Number(entry.skillNo);
        const summary = summaries.get(skillId);
        // Only a live skill's fields: the page's others (media type, campaign) would make the status
        // document that keeps this observation invalid on the audit branch.
        const known = summary === undefined ? {} : { isActive: summary.isActive, isOutbound: summary.isOutbound, outboundStrategy: summary.outboundStrategy, isRunning: summary.isRunning };
        return { skillId, skillName: String(entry.skillName ?? summary?.skillName ?? ''), ...known, groups: groupsFromListing(entry) };
      });
    },

    async getSkillParameters(skillId, callOptions) {
      const entry = await get<Record<string, unknown>>(`/skills/${skillId}/parameters`, '/skills/{skillId}/parameters', api.skillParameters, callOptions?.priority, skillId);
      return { skillId, skillName: String(entry.skillName ?? ''), groups: groupsFromListing(entry) };
    },

    async readGroup(skillId, group, callOptions) {
      const priority = callOptions?.priority ?? 'apply';
      if (group === 'generalSettings') {
        const flat = await get<Record<string, unknown>>(`/skills/${skillId}/parameters/general-settings`, '/skills/{skillId}/parameters/general-settings', api.generalSettingsGet, priority, skillId);
        return 'aggressiveness' in flat ? { ...flat, aggressiveness: aggressivenessName(flat.aggressiveness) } : flat;
      }
      if (group === 'retrySettings') {
        return get<Record<string, unknown>>(`/skills/${skillId}/parameters/retry-settings`, '/skills/{skillId}/parameters/retry-settings', api.retrySettingsGet, priority, skillId);
      }
      const parameters = await this.getSkillParameters(skillId, { priority });
      const extra = await get<{ AnsMachineOverrideSeconds?: number }>(`/skills/${skillId}/parameters/cpa-management`, '/skills/{skillId}/parameters/cpa-management', api.cpaManagementGet, priority, skillId);
      return { ...parameters.groups.cpaSettings, ...(extra.AnsMachineOverrideSeconds === undefined ? {} : { ansMachineOverrideSeconds: extra.AnsMachineOverrideSeconds }) };
    },

    async putGroup(skillId, group, fields, callOptions) {
      const { segment, wrapper } = SKILL_GROUPS.find((info) => info.name === group)!;
      await gateway.call<void>({
        method: 'PUT',
        path: `/skills/${skillId}/parameters/${segment}`,
        route: `/skills/{skillId}/parameters/${segment}`,
        campaignId: `skill ${skillId}`,
        json: { [wrapper]: fields },
        retry: 'once',
        priority: callOptions?.priority ?? 'apply',
      });
    },

    getReport(path, query, callOptions) {
      const search = new URLSearchParams(query).toString();
      return gateway.call<unknown>({ method: 'GET', path: search ? `${path}?${search}` : path, route: path.replace(/\/\d+(?=\/|$)/g, '/{id}'), retry: 'idempotent', priority: callOptions?.priority });
    },

    authenticate: async () => {
      await gateway.tokens.get();
      await tokens().apiBase();
    },

    health: () => ({
      circuit: gateway.circuit.state,
      budgetRemaining: gateway.budget.remaining(),
      queued: gateway.budget.queued,
      requestsGranted: gateway.budget.granted,
      tokenRequests: gateway.tokens.requests,
    }),
  };
}
