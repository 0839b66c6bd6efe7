/**
 * The parameter groups of a CXone outbound skill that an `OutboundSkill` file can manage, and how
 * the API names each: its key in `GET /skills/parameters`, its PUT path and its PUT wrapper
 * (docs/architecture.md, "The real CXone dialect").
 */

/** A managed group, named as in the file and in `GET /skills/parameters`. */
export type SkillGroupName = 'generalSettings' | 'cpaSettings' | 'retrySettings';

export interface SkillGroupInfo {
  name: SkillGroupName;
  /** The last segment of `PUT /skills/{skillId}/parameters/<segment>`. */
  segment: 'general-settings' | 'cpa-management' | 'retry-settings';
  /** The key the PUT body wraps the group's fields in: `{ "<wrapper>": { … } }`. */
  wrapper: SkillGroupName;
}

/** The groups, in the order a plan shows and an apply writes them. */
export const SKILL_GROUPS: readonly SkillGroupInfo[] = Object.freeze([
  { name: 'generalSettings', segment: 'general-settings', wrapper: 'generalSettings' },
  { name: 'cpaSettings', segment: 'cpa-management', wrapper: 'cpaSettings' },
  { name: 'retrySettings', segment: 'retry-settings', wrapper: 'retrySettings' },
]);

/** A skill's fields by group (each group a flat object of API field names). */
export type SkillGroups = Partial<Record<SkillGroupName, Record<string, unknown>>>;

/** The API's integer form of `aggressiveness` (`GET /skills/parameters`) and the string form of the group endpoints. */
export const AGGRESSIVENESS_LEVELS = ['conservative', 'moderate', 'aggressive'] as const;

/** `aggressiveness` as the string the file writes, from either API form (0/1/2 or the name). */
export function aggressivenessName(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < AGGRESSIVENESS_LEVELS.length) return AGGRESSIVENESS_LEVELS[value];
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if ((AGGRESSIVENESS_LEVELS as readonly string[]).includes(lower)) return lower;
  }
  return value;
}
