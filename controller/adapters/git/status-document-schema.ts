/**
 * The JSON Schema (draft 2020-12) of a campaign's status document, `status/<name>.json` on the
 * audit branch (docs/architecture.md, "Restored status documents"). Anyone who can push to the
 * audit branch can write one, and a restored document steers decisions (`lastApplied`, `hold`,
 * `verification`), so it is read strictly: every field of `CampaignState` typed, unknown fields
 * refused. The enums come from the domain's constants, so the schema cannot drift from them.
 */
import { ANALYSIS_PHASES } from '../../domain/analysis-status.js';
import { CAMPAIGN_STATUSES } from '../../domain/campaign-status.js';
import { WEIGHT_KEYS } from '../../domain/dialer-weights.js';
import { STATUS_REASONS } from '../../domain/status-reason.js';

type Schema = Record<string, unknown>;

/** One line, no control characters (a forged value cannot break a log line or a terminal). */
const text = (maxLength = 2_000): Schema => ({ type: 'string', maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
/** A message: line breaks allowed, other control characters not. */
const message: Schema = { type: 'string', maxLength: 20_000, pattern: '^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f]*$' };
const time: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$' };
const version: Schema = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const count: Schema = { type: 'integer', minimum: 0, maximum: 1_000_000_000 };
const scalar: Schema = { type: ['string', 'number', 'boolean'] };
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required, additionalProperties: false });
const list = (items: Schema, maxItems = 1_000): Schema => ({ type: 'array', items, maxItems });

const weights = object(Object.fromEntries(WEIGHT_KEYS.map((key) => [key, { type: 'number' }])));
const allWeights = object(Object.fromEntries(WEIGHT_KEYS.map((key) => [key, { type: 'number' }])), [...WEIGHT_KEYS]);
const configuration = object({ enablePredictiveTuning: { type: 'boolean' }, simulationTrigger: text(200), driftProtection: { type: 'boolean' } }, ['enablePredictiveTuning', 'simulationTrigger', 'driftProtection']);
const numbers = { validationSplit: { type: 'number' }, maxDeviationLimit: { type: 'number' }, convergenceThreshold: { type: 'number' } };
const numberNames = Object.keys(numbers);
/** DialerSettings (normalised: every weight present). */
const settings = object({ algorithmId: text(200), parameterWeights: allWeights, ...numbers, configuration }, ['algorithmId', 'parameterWeights', ...numberNames, 'configuration']);
/** LiveDialerSettings, as the API holds them. */
const liveSettings = object({ algorithmId: text(200), parameterWeights: weights, ...numbers }, ['algorithmId', 'parameterWeights', ...numberNames]);
const campaignUpdate = object({ predictiveDialerSettings: liveSettings, configuration }, ['predictiveDialerSettings']);
const liveCampaign = object(
  {
    id: text(200),
    name: text(500),
    predictiveDialerSettings: liveSettings,
    configuration,
    version,
    operatingProfile: { type: 'object', additionalProperties: { type: 'number' }, maxProperties: 100 },
    modifiedBy: text(500),
    dateModified: text(100),
  },
  ['id', 'name', 'predictiveDialerSettings', 'version'],
);
const driftField = object({ field: text(200), git: scalar, live: scalar }, ['field', 'git', 'live']);
const drift = (healed: boolean): Schema =>
  object({ fields: list(driftField), since: time, modifiedBy: text(500), dateModified: text(100), healedAt: time }, ['fields', 'since', ...(healed ? ['healedAt'] : [])]);
const labels: Schema = { type: 'object', additionalProperties: text(500), propertyNames: { maxLength: 317 }, maxProperties: 100 };
const incident = object(
  {
    key: text(1_000),
    kind: { enum: ['drift', 'apply-failed', 'rolled-back', 'paused', 'blocked', 'invalid-file', 'circuit-open', 'git-source'] },
    campaign: text(300),
    campaignId: text(200),
    labels,
    openedAt: time,
    lastNotifiedAt: time,
    reminders: count,
    summary: message,
    drift: object({ fields: list(driftField), modifiedBy: text(500), dateModified: text(100), action: { enum: ['healed', 'observe only', 'pending'] } }, ['fields', 'action']),
  },
  ['key', 'kind', 'campaign', 'campaignId', 'labels', 'openedAt', 'lastNotifiedAt', 'reminders', 'summary'],
);
const counts = object({ dials: count, connects: count, abandons: count }, ['dials', 'connects', 'abandons']);
const analysisNumbers = ['liveAnswers', 'abandonRate', 'lower', 'upper', 'limit', 'windowSeconds', 'maxWindowSeconds', 'minLiveAnswers', 'intervalSeconds', 'elapsedSeconds'];
/** AnalysisStatus (domain/analysis-status.ts): the live outcome analysis of the latest apply. */
const analysis = object(
  {
    phase: { enum: [...ANALYSIS_PHASES] },
    startedAt: time,
    at: time,
    counts,
    ...Object.fromEntries(analysisNumbers.map((name) => [name, { type: 'number' }])),
    reason: message,
    baseline: counts,
    points: list(object({ at: time, liveAnswers: { type: 'number' }, abandonRate: { type: 'number' }, lower: { type: 'number' }, upper: { type: 'number' } }, ['at', 'liveAnswers', 'abandonRate', 'lower', 'upper']), 10_000),
  },
  ['phase', 'startedAt', 'at', 'counts', ...analysisNumbers, 'reason', 'baseline', 'points'],
);
const statusName = { enum: [...CAMPAIGN_STATUSES, 'Deleted'] };
const statusReason = { enum: [...STATUS_REASONS] };

/** PendingVerification: an apply waiting for its verdict, or the one a hold is on (`hold.verification`). */
const pendingVerification = object(
  {
    kind: text(100),
    applyId: text(200),
    revision: text(200),
    fingerprint: text(100_000),
    fromVersion: version,
    appliedVersion: version,
    appliedAt: time,
    restore: campaignUpdate,
    heal: { type: 'boolean' },
    previousAppliedRevision: text(200),
    progress: {},
  },
  ['kind', 'applyId', 'revision', 'fingerprint', 'fromVersion', 'appliedVersion', 'appliedAt', 'restore', 'heal'],
);

/** A simulation's results: the local gate's, CXone's verification, a live analysis. */
const simulation = object(
  {
    source: { enum: ['local', 'remote', 'analysis'] },
    at: time,
    fingerprint: text(100_000),
    abandonRateUpper95: { type: 'number' },
    abandonRate: { type: 'number' },
    occupancy: { type: 'number' },
    answerRate: { type: 'number' },
    predictionAccuracyRate: { type: 'number' },
    limit: { type: 'number' },
    pass: { type: 'boolean' },
  },
  ['source', 'at', 'abandonRateUpper95', 'abandonRate', 'occupancy', 'answerRate', 'limit', 'pass'],
);

/** `CampaignState`, field by field (a test keeps this list and the type in step). */
export const CAMPAIGN_STATE_PROPERTIES: Record<string, Schema> = {
  name: text(300),
  campaignId: text(200),
  path: text(4_096),
  labels,
  status: statusName,
  reason: message,
  statusReason,
  desiredRevision: text(200),
  lastAttemptedRevision: text(200),
  lastAppliedRevision: text(200),
  liveVersion: version,
  lastApplied: object(
    { revision: text(200), settings, desired: settings, weights, version, via: { enum: ['applied', 'adopted', 'rolled-back'] }, at: time },
    ['revision', 'settings', 'weights', 'version', 'at'],
  ),
  pausedFingerprint: text(100_000),
  hold: object(
    {
      status: { enum: ['Paused', 'RolledBack', 'Failed', 'Blocked'] },
      reason: { enum: ['VerificationInconclusive', 'RolledBack', 'RollbackFailed', 'VerificationFailed', 'GateFailed'] },
      message,
      fingerprint: text(100_000),
      since: time,
      verification: pendingVerification,
    },
    ['status', 'reason', 'message', 'fingerprint', 'since'],
  ),
  verification: pendingVerification,
  lastDecision: { enum: ['none', 'update', 'heal', 'observe', 'suspended', 'blocked', 'not-found', 'held', 'verify'] },
  lastObserved: object({ at: time, campaign: liveCampaign }, ['at', 'campaign']),
  desired: settings,
  live: settings,
  lastHealedDrift: drift(true),
  drift: drift(false),
  driftObservations: count,
  pendingChanges: list(object({ field: text(200), before: scalar, after: scalar }, ['field', 'before', 'after'])),
  lastSimulation: simulation,
  gatePrediction: simulation,
  analysis,
  calibrated: object({ at: time, since: text(100) }, ['at', 'since']),
  lastReconcileAt: time,
  incidents: list(incident, 100),
  history: list(
    object({ at: time, status: statusName, reason: message, statusReason, revision: text(200), liveVersion: version }, ['at', 'status', 'reason']),
    100,
  ),
};

export const CAMPAIGN_STATUS_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://cxone-gitops.invalid/schemas/campaign-status.json',
  title: 'status/<name>.json on the audit branch',
  ...object(CAMPAIGN_STATE_PROPERTIES, ['name', 'campaignId', 'path', 'labels', 'status', 'reason', 'driftObservations', 'pendingChanges', 'history']),
};
