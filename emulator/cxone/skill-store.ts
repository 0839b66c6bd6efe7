/**
 * The emulated tenant's outbound skills: the skill records, their parameter groups, and each
 * skill's hidden *true* operating profile (what really happens when it dials: the live-traffic
 * model of docs/architecture.md, "The real CXone dialect", reads it; the API never shows it).
 *
 * A PUT of a group replaces the whole group: a field the body leaves out goes back to its default
 * (null keeps the current value). That is stricter than we can prove CXone is, on purpose: it
 * makes a client that sends only the fields it manages visibly unsafe.
 */
import { DEFAULT_PROFILE, type OperatingProfile } from '../../controller/simulation/types.js';
import { isPlainObject } from '../settings-validation.js';
import { defaultCpaSettings, defaultGeneralSettings, defaultOtherGroups, defaultRetrySettings } from './skill-defaults.js';

export type GroupName = 'generalSettings' | 'cpaSettings' | 'retrySettings';
export const GROUP_NAMES: readonly GroupName[] = ['generalSettings', 'cpaSettings', 'retrySettings'];

const DEFAULTS: Record<GroupName, () => Record<string, unknown>> = {
  generalSettings: defaultGeneralSettings,
  cpaSettings: defaultCpaSettings,
  retrySettings: defaultRetrySettings,
};

export interface EmulatedSkill {
  skillId: number;
  skillName: string;
  isActive: boolean;
  isOutbound: boolean;
  outboundStrategy: string;
  isRunning: boolean;
  campaignId: number;
  campaignName: string;
  groups: Record<GroupName, Record<string, unknown>>;
  other: Record<string, unknown>;
  /** The hidden profile the skill's traffic really follows. */
  trueProfile: OperatingProfile;
  /** Writes so far (API PUTs and supervisor edits), for tests. */
  writes: number;
  lastWriter?: 'api' | 'supervisor';
}

/** A group PUT the API accepted (`SkillStore.changes`): what reached CXone from a client. */
export interface SkillChange {
  /** 1, 2, … in the order accepted. */
  seq: number;
  /** When it was applied, ISO 8601. */
  time: string;
  skillId: number;
  group: GroupName;
  /** The group's fields as the PUT sent them (inside its wrapper). */
  body: Record<string, unknown>;
  /** The whole group after the PUT. */
  settings: Record<string, unknown>;
  /** Whether any field of the group changed. */
  changed: boolean;
  source: 'api';
}

export type StoreResult = { ok: true; skill: EmulatedSkill } | { ok: false; status: 400 | 404; message: string };

function profileOf(value: unknown, base: OperatingProfile): OperatingProfile | string {
  if (value === undefined) return base;
  if (!isPlainObject(value)) return 'trueProfile must be an object of operating profile fields';
  const next: OperatingProfile = { ...base };
  for (const [key, field] of Object.entries(value)) {
    if (!(key in DEFAULT_PROFILE)) return `trueProfile.${key} is not an operating profile field (known: ${Object.keys(DEFAULT_PROFILE).join(', ')})`;
    if (typeof field !== 'number' || !Number.isFinite(field) || field < 0) return `trueProfile.${key} must be a number >= 0`;
    next[key as keyof OperatingProfile] = field;
  }
  return next;
}

export class SkillStore {
  private readonly skills = new Map<number, EmulatedSkill>();
  /** Every group PUT accepted through the API, in order (supervisor edits are not in it), for tests. */
  readonly changes: SkillChange[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.skills.size;
  }

  all(): EmulatedSkill[] {
    return [...this.skills.values()].sort((a, b) => a.skillId - b.skillId);
  }

  get(skillId: number): EmulatedSkill | undefined {
    return this.skills.get(skillId);
  }

  clear(): void {
    this.skills.clear();
    this.changes.length = 0;
  }

  /** Creates or replaces a skill from an admin body (`POST /emulator/skills`). */
  upsert(body: unknown): StoreResult {
    if (!isPlainObject(body)) return { ok: false, status: 400, message: 'a skill must be a JSON object' };
    const skillId = body.skillId;
    if (typeof skillId !== 'number' || !Number.isInteger(skillId) || skillId < 1) return { ok: false, status: 400, message: 'skillId must be a whole number >= 1' };
    const profile = profileOf(body.trueProfile, { ...DEFAULT_PROFILE });
    if (typeof profile === 'string') return { ok: false, status: 400, message: profile };
    const groups = {} as Record<GroupName, Record<string, unknown>>;
    for (const name of GROUP_NAMES) {
      const fields = body[name];
      if (fields !== undefined && !isPlainObject(fields)) return { ok: false, status: 400, message: `${name} must be an object` };
      groups[name] = { ...DEFAULTS[name](), ...(fields ?? {}) };
    }
    const skill: EmulatedSkill = {
      skillId,
      skillName: typeof body.skillName === 'string' ? body.skillName : `Outbound skill ${skillId}`,
      isActive: body.isActive !== false,
      isOutbound: body.isOutbound !== false,
      outboundStrategy: typeof body.outboundStrategy === 'string' ? body.outboundStrategy : 'Personal Connection',
      isRunning: body.isRunning === true || body.running === true,
      campaignId: typeof body.campaignId === 'number' ? body.campaignId : 1,
      campaignName: typeof body.campaignName === 'string' ? body.campaignName : 'Default campaign',
      groups,
      other: defaultOtherGroups(),
      trueProfile: profile,
      writes: 0,
    };
    this.skills.set(skillId, skill);
    return { ok: true, skill };
  }

  /** A PUT of one group through the API: the body's fields replace the group (see the file comment). */
  putGroup(skillId: number, name: GroupName, fields: Record<string, unknown>): StoreResult {
    const skill = this.skills.get(skillId);
    if (!skill) return { ok: false, status: 404, message: 'Invalid skillId' };
    const next = DEFAULTS[name]();
    for (const key of Object.keys(next)) {
      const value = fields[key];
      if (value === null) next[key] = skill.groups[name][key];
      else if (value !== undefined) next[key] = value;
    }
    const changed = JSON.stringify(next) !== JSON.stringify(skill.groups[name]);
    skill.groups[name] = next;
    skill.writes += 1;
    skill.lastWriter = 'api';
    this.changes.push({ seq: this.changes.length + 1, time: new Date(this.now()).toISOString(), skillId, group: name, body: structuredClone(fields), settings: { ...next }, changed, source: 'api' });
    return { ok: true, skill };
  }

  /**
   * A supervisor's edit in the CXone UI (`PATCH /emulator/skills/{id}`): the fields given in each
   * group change, the others stay; or the hidden `trueProfile` and whether the skill is `running`.
   */
  patch(skillId: number, body: unknown): StoreResult {
    const skill = this.skills.get(skillId);
    if (!skill) return { ok: false, status: 404, message: `no skill ${skillId}` };
    if (!isPlainObject(body)) return { ok: false, status: 400, message: 'the body must be a JSON object' };
    const unknown = Object.keys(body).filter((key) => !(GROUP_NAMES as readonly string[]).includes(key) && key !== 'trueProfile' && key !== 'running');
    if (unknown.length > 0) return { ok: false, status: 400, message: `unknown keys ${unknown.join(', ')} (allowed: ${GROUP_NAMES.join(', ')}, trueProfile, running)` };
    const profile = profileOf(body.trueProfile, skill.trueProfile);
    if (typeof profile === 'string') return { ok: false, status: 400, message: profile };
    if (body.running !== undefined && typeof body.running !== 'boolean') return { ok: false, status: 400, message: 'running must be true or false' };
    for (const name of GROUP_NAMES) {
      const fields = body[name];
      if (fields === undefined) continue;
      if (!isPlainObject(fields)) return { ok: false, status: 400, message: `${name} must be an object` };
      const unknownFields = Object.keys(fields).filter((key) => !(key in skill.groups[name]));
      if (unknownFields.length > 0) return { ok: false, status: 400, message: `${name} has no field ${unknownFields.join(', ')}` };
    }
    const edited = GROUP_NAMES.filter((name) => body[name] !== undefined);
    for (const name of edited) skill.groups[name] = { ...skill.groups[name], ...(body[name] as Record<string, unknown>) };
    skill.trueProfile = profile;
    if (typeof body.running === 'boolean') skill.isRunning = body.running;
    if (edited.length > 0) {
      skill.writes += 1;
      skill.lastWriter = 'supervisor';
    }
    return { ok: true, skill };
  }
}
