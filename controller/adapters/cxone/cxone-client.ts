/**
 * The CXone API as the reconciler sees it. The reconciler depends on this interface only, so a
 * second dialect (the real CXone's skill-based general-settings API) can be added beside
 * `createCxoneClient` without touching it.
 */
import type { Priority } from './api-budget.js';
import type { CircuitState } from './circuit-breaker.js';
import { CxoneGateway, type CxoneGatewayOptions } from './cxone-gateway.js';
import type {
  CampaignUpdate,
  LiveCampaign,
  NewWebhook,
  RemoteSimulation,
  SimulationRequest,
  WebhookSubscription,
} from './cxone-types.js';
import { nextPage } from './bounded-pages.js';
import { CxoneLimitError } from './cxone-errors.js';
import { knownLiveFields } from './known-live-fields.js';
import { describeSchemaErrors, responseValidators } from './response-validation.js';
import type { ValidateFunction } from 'ajv';

export interface CallOptions {
  /** Applies go before commits, commits before sweeps. Default `sweep`. */
  priority?: Priority;
}

/** A listed entity that is not what the controller relies on: its id (when it has a text one) and what is wrong. */
export interface InvalidListedEntity {
  id?: string;
  problem: string;
}

export interface ListOptions extends CallOptions {
  /** Told of each listed entity left out because it is invalid (it is logged too). */
  onInvalid?: (entity: InvalidListedEntity) => void;
}

export interface CxoneClient {
  /**
   * Every campaign, following the pages (one request per page). A campaign that is not valid (a
   * missing field, a version past 2^53) is left out, logged and told to `onInvalid`: the others
   * are still read.
   */
  listCampaigns(options?: ListOptions): Promise<LiveCampaign[]>;
  getCampaign(id: string, options?: CallOptions): Promise<LiveCampaign>;
  /**
   * A version-checked PUT: `version` is the live version the plan was computed against. A 409
   * (CxoneConflictError) means the campaign changed since: re-observe and re-plan.
   */
  updateCampaign(id: string, update: CampaignUpdate, version: number | undefined, options?: CallOptions): Promise<LiveCampaign>;
  startSimulation(request: SimulationRequest, options?: CallOptions): Promise<{ id: string; status?: string }>;
  getSimulation(id: string, options?: CallOptions): Promise<RemoteSimulation>;
  listWebhooks(options?: CallOptions): Promise<WebhookSubscription[]>;
  createWebhook(webhook: NewWebhook, options?: CallOptions): Promise<WebhookSubscription>;
  deleteWebhook(id: string, options?: CallOptions): Promise<void>;
  /** Obtains a token now (readiness), throwing the typed error when it cannot. */
  authenticate(): Promise<void>;
  /** Health of the gateway, for metrics and status. */
  health(): { circuit: CircuitState; budgetRemaining: number; queued: number; requestsGranted: number; tokenRequests: number };
}

export interface CxoneClientOptions extends CxoneGatewayOptions {
  /** Page size for lists. Default 1000. */
  pageSize?: number;
  /** The most pages one listing reads (CXONE_MAX_LIST_PAGES). Default 1000. */
  maxListPages?: number;
}

interface Page<T> {
  entities: T[];
  pageCount: number;
  pageSize?: number;
  total?: number;
}

const CAMPAIGNS = '/api/v2/outbound/campaigns';

/** What a listing reads its pages with. */
interface PageReader {
  gateway: CxoneGateway;
  pageSize: number;
  options: CxoneClientOptions;
}

/** How a listing checks what it reads: the page's envelope, then each entity. */
interface ListValidators {
  page: ValidateFunction;
  entity: ValidateFunction;
}

/**
 * Every page's valid entities, each passed through `each` as its page arrives (not all at the end:
 * one page's work per task). An invalid entity is left out with a warning naming its page, place,
 * id and what is wrong, and told to `onInvalid`.
 */
async function listAll<T>(reader: PageReader, path: string, validators: ListValidators, callOptions: ListOptions = {}, each: (item: T) => T = (item) => item): Promise<T[]> {
  const { gateway, pageSize, options } = reader;
  const items: T[] = [];
  let listed = 0;
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await gateway.call<Page<unknown>>({ method: 'GET', path: `${path}?pageNumber=${pageNumber}&pageSize=${pageSize}`, route: path, retry: 'idempotent', validate: validators.page, priority: callOptions.priority });
    for (const [index, entity] of page.entities.entries()) {
      if (validators.entity(entity)) items.push(each(entity as T));
      else invalidEntity(reader, { path, pageNumber, index }, entity, describeSchemaErrors(validators.entity), callOptions.onInvalid);
    }
    listed += page.entities.length;
    const decision = nextPage(page, pageNumber, listed, pageSize, options.maxListPages ?? 1000);
    if ('limit' in decision) throw new CxoneLimitError({ method: 'GET', path }, 'page-count', decision.limit);
    if (!decision.next) {
      if ('warning' in decision && decision.warning) options.log?.warn({ path, pageNumber }, decision.warning);
      return items;
    }
  }
}

function invalidEntity(reader: PageReader, where: { path: string; pageNumber: number; index: number }, entity: unknown, problem: string, onInvalid: ListOptions['onInvalid']): void {
  const raw = (entity as { id?: unknown } | null)?.id;
  const id = typeof raw === 'string' ? raw : undefined;
  reader.options.log?.warn({ ...where, id, problem }, 'CXone listed an entity that is not valid: left out of this listing (the others are read)');
  onInvalid?.({ ...(id === undefined ? {} : { id }), problem });
}

export function createCxoneClient(options: CxoneClientOptions): CxoneClient {
  const gateway = new CxoneGateway(options);
  const reader: PageReader = { gateway, pageSize: options.pageSize ?? 1000, options };
  const encode = encodeURIComponent;

  return {
    listCampaigns: (callOptions) => listAll<LiveCampaign>(reader, CAMPAIGNS, { page: responseValidators.listPage, entity: responseValidators.campaign }, callOptions, knownLiveFields),

    getCampaign: async (id, callOptions) =>
      knownLiveFields(await gateway.call<LiveCampaign>({
        method: 'GET',
        path: `${CAMPAIGNS}/${encode(id)}`,
        route: `${CAMPAIGNS}/{id}`,
        campaignId: id,
        retry: 'idempotent',
        validate: responseValidators.campaign,
        priority: callOptions?.priority,
      })),

    updateCampaign: async (id, update, version, callOptions) =>
      knownLiveFields(await gateway.call<LiveCampaign>({
        method: 'PUT',
        path: `${CAMPAIGNS}/${encode(id)}`,
        route: `${CAMPAIGNS}/{id}`,
        campaignId: id,
        json: { id, ...update, ...(version === undefined ? {} : { version }) },
        retry: 'once',
        validate: responseValidators.campaign,
        priority: callOptions?.priority ?? 'apply',
      })),

    startSimulation: (request, callOptions) =>
      gateway.call<{ id: string; status?: string }>({
        method: 'POST',
        path: `${CAMPAIGNS}/simulations`,
        route: `${CAMPAIGNS}/simulations`,
        campaignId: request.campaignId,
        json: request,
        retry: 'idempotent',
        validate: responseValidators.simulationStarted,
        priority: callOptions?.priority ?? 'apply',
      }),

    getSimulation: (id, callOptions) =>
      gateway.call<RemoteSimulation>({
        method: 'GET',
        path: `${CAMPAIGNS}/simulations/${encode(id)}`,
        route: `${CAMPAIGNS}/simulations/{id}`,
        retry: 'idempotent',
        validate: responseValidators.simulation,
        priority: callOptions?.priority ?? 'apply',
      }),

    listWebhooks: (callOptions) => listAll<WebhookSubscription>(reader, '/api/v2/webhooks', { page: responseValidators.listPage, entity: responseValidators.webhook }, callOptions),

    createWebhook: (webhook, callOptions) =>
      gateway.call<WebhookSubscription>({
        method: 'POST',
        path: '/api/v2/webhooks',
        route: '/api/v2/webhooks',
        json: webhook,
        retry: 'once',
        validate: responseValidators.webhook,
        priority: callOptions?.priority,
      }),

    deleteWebhook: async (id, callOptions) => {
      await gateway.call<void>({ method: 'DELETE', path: `/api/v2/webhooks/${encode(id)}`, route: '/api/v2/webhooks/{id}', retry: 'idempotent', priority: callOptions?.priority });
    },

    authenticate: async () => {
      await gateway.authenticate();
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
