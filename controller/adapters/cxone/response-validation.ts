/**
 * JSON Schemas of what the gateway reads from CXone, compiled once. A tolerant reader: extra
 * fields are allowed, the ones the controller relies on must be there with the right types.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { DEFAULT_PROFILE } from '../../simulation/types.js';

const number = { type: 'number' };
const dialerSettings = {
  type: 'object',
  required: ['algorithmId', 'parameterWeights', 'validationSplit', 'maxDeviationLimit', 'convergenceThreshold'],
  properties: {
    algorithmId: { type: 'string' },
    parameterWeights: { type: 'object', additionalProperties: number },
    validationSplit: number,
    maxDeviationLimit: number,
    convergenceThreshold: number,
  },
};
const campaign = {
  type: 'object',
  required: ['id', 'name', 'predictiveDialerSettings', 'version'],
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string' },
    predictiveDialerSettings: dialerSettings,
    configuration: {
      type: 'object',
      properties: { enablePredictiveTuning: { type: 'boolean' }, simulationTrigger: { type: 'string' }, driftProtection: { type: 'boolean' } },
    },
    // A version past 2^53 cannot be sent back as it was read: refused, not rounded into a wrong If-Match.
    version: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    // Unknown profile fields (of any type) are tolerated here and dropped by knownLiveFields.
    operatingProfile: { type: 'object', properties: Object.fromEntries(Object.keys(DEFAULT_PROFILE).map((key) => [key, number])) },
    modifiedBy: { type: 'string' },
    dateModified: { type: 'string' },
  },
};
/**
 * A list page's envelope; its entities are checked one by one (`entity` in responseValidators), so
 * one bad campaign in a page does not make the page, and every other campaign, unreadable.
 */
const page = {
  type: 'object',
  required: ['entities', 'pageNumber', 'pageSize', 'total', 'pageCount'],
  properties: {
    entities: { type: 'array' },
    pageNumber: { type: 'integer' },
    pageSize: { type: 'integer' },
    total: { type: 'integer' },
    pageCount: { type: 'integer' },
  },
};
const simulation = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string' },
    status: { enum: ['running', 'completed', 'failed'] },
    result: {
      type: 'object',
      required: ['predictedAnswerRate', 'predictedAbandonRate', 'abandonRateUpper95', 'agentOccupancy', 'predictionAccuracyRate'],
      properties: {
        predictedAnswerRate: number,
        predictedAbandonRate: number,
        abandonRateUpper95: number,
        agentOccupancy: number,
        predictionAccuracyRate: number,
      },
    },
  },
};
const webhook = {
  type: 'object',
  required: ['id', 'name', 'url', 'events', 'enabled'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' }, events: { type: 'array', items: { type: 'string' } }, enabled: { type: 'boolean' } },
};
const token = {
  type: 'object',
  required: ['access_token', 'expires_in'],
  properties: { access_token: { type: 'string', minLength: 1 }, expires_in: { type: 'number', exclusiveMinimum: 0 }, token_type: { type: 'string' } },
};

const ajv = new Ajv({ allErrors: true, strict: true });

export const responseValidators = {
  campaign: ajv.compile(campaign),
  /** A list page's envelope, of campaigns or webhooks alike (each entity checked on its own). */
  listPage: ajv.compile(page),
  simulation: ajv.compile(simulation),
  simulationStarted: ajv.compile({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } }),
  webhook: ajv.compile(webhook),
  token: ajv.compile(token),
} satisfies Record<string, ValidateFunction>;

/** The validator's errors as one short sentence. */
export function describeSchemaErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 3)
    .map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`)
    .join('; ');
}
