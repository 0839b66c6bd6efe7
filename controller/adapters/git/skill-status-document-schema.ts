/**
 * The JSON Schema of an outbound skill's status document, `status/<name>.json` on the audit branch
 * (docs/architecture.md, "Restored status documents"; README, "Real CXone"). It is the campaign's
 * (status-document-schema.ts), with the settings-shaped fields in a skill's terms: the groups of
 * managed fields (`SkillGroups`), the live skill (`LiveSkill`) and the write that restores it.
 * Every other field — holds, verification, analysis, incidents, history — is checked exactly as a
 * campaign's, unknown fields refused.
 */
import { CAMPAIGN_STATE_PROPERTIES } from './status-document-schema.js';

type Schema = Record<string, unknown>;

const text = (maxLength = 2_000): Schema => ({ type: 'string', maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
const skillId: Schema = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
/** A field's value: CXone's scalars, and the lists of objects of `cpaSettings.exceptions`. */
const fieldValue: Schema = {
  anyOf: [
    { type: ['string', 'number', 'boolean', 'null'], maxLength: 2_000 },
    { type: 'array', maxItems: 100, items: { type: 'object', maxProperties: 50, additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 2_000 } } },
  ],
};
const group: Schema = { type: 'object', maxProperties: 200, propertyNames: { maxLength: 200 }, additionalProperties: fieldValue };
/** SkillGroups: the groups of a skill, each a map of fields. */
const groups: Schema = { type: 'object', properties: { generalSettings: group, cpaSettings: group, retrySettings: group }, additionalProperties: false };
const skillWrite: Schema = { type: 'object', properties: { skillId, groups }, required: ['skillId', 'groups'], additionalProperties: false };
const liveSkill: Schema = {
  type: 'object',
  properties: { skillId, skillName: text(500), isActive: { type: 'boolean' }, isOutbound: { type: 'boolean' }, outboundStrategy: text(200), isRunning: { type: 'boolean' }, groups },
  required: ['skillId', 'skillName', 'groups'],
  additionalProperties: false,
};

/** `schema` with some of its `properties` replaced. */
function withProperties(schema: unknown, replaced: Record<string, Schema>): Schema {
  const object = schema as { properties: Record<string, Schema> };
  return { ...object, properties: { ...object.properties, ...replaced } };
}

const pendingVerification = withProperties(CAMPAIGN_STATE_PROPERTIES.verification, { restore: skillWrite });

export const SKILL_STATE_PROPERTIES: Record<string, Schema> = {
  ...CAMPAIGN_STATE_PROPERTIES,
  lastApplied: withProperties(CAMPAIGN_STATE_PROPERTIES.lastApplied, { settings: groups, desired: groups }),
  hold: withProperties(CAMPAIGN_STATE_PROPERTIES.hold, { verification: pendingVerification }),
  verification: pendingVerification,
  lastObserved: withProperties(CAMPAIGN_STATE_PROPERTIES.lastObserved, { campaign: liveSkill }),
  desired: groups,
  live: groups,
};

export const SKILL_STATUS_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://cxone-gitops.invalid/schemas/skill-status.json',
  title: 'status/<name>.json of an OutboundSkill on the audit branch',
  type: 'object',
  properties: SKILL_STATE_PROPERTIES,
  required: ['name', 'campaignId', 'path', 'labels', 'status', 'reason', 'driftObservations', 'pendingChanges', 'history'],
  additionalProperties: false,
};
