/**
 * The real-CXone dialect behind the reconciler's `Dialect` seam (controller/reconcile/dialect.ts;
 * docs/architecture.md, "The dialect seam"): OutboundSkill files against the skills API. There is
 * no version: `versionOf` is a fingerprint of the live groups, and `write` is the emulated
 * compare-and-set of skill-conditional-write.ts (re-read and compare, full-group PUT, read back),
 * throwing a conflict error that makes the reconciler re-observe and re-plan. No API says who
 * changed a skill (`knowsModifier: false`): drift messages point at CXone's Change Audit Report.
 */
import { createHash } from 'node:crypto';
import { ConflictError, isClassifiedError, isConflictError, isTransientError } from '../../domain/errors.js';
import type { LiveSkill } from '../../domain/live-skill.js';
import { diffSkill, skillFingerprints } from '../../domain/skill-diff.js';
import type { SkillWrite } from '../../domain/plan-skill.js';
import { SKILL_GROUPS, type SkillGroupName } from '../../domain/skill-groups.js';
import type { SkillSpec } from '../../domain/skill-spec.js';
import type { Dialect, DialectCapabilities } from '../../reconcile/dialect.js';
import { isCxoneNotFoundError, isCxoneResponseError } from './cxone-errors.js';
import type { CxoneSkillsClient } from './cxone-skills-client.js';
import { conditionalWriteSkill, type SkillConflict } from './skill-conditional-write.js';

export type { SkillWrite } from '../../domain/plan-skill.js';

/** The verification kind of the real dialect (section "Live outcome analysis" of the README). */
export const LIVE_ANALYSIS = 'live-analysis';

/** A write refused because the skill changed since the plan, or changed right after our PUT. */
export class SkillWriteConflictError extends ConflictError {
  override readonly name = 'SkillWriteConflictError';
  /** `written`: the groups whose PUT CXone accepted before the conflict (in this write). */
  constructor(readonly skillId: number, readonly conflict: SkillConflict, readonly written: readonly SkillGroupName[]) {
    const already = written.filter((group) => group !== conflict.group);
    const sent = already.length === 0 ? 'nothing was sent' : `${already.join(', ')} already written, nothing more sent`;
    super(
      conflict.stage === 'before-put'
        ? `skill ${skillId}: ${conflict.group} changed since the plan (${conflict.fields.join(', ')}); ${sent}: re-observe and re-plan`
        : `skill ${skillId}: ${conflict.group} changed right after our PUT (${conflict.fields.join(', ')}); CXone keeps the last write: re-observe and re-plan`,
    );
  }
}

/** A 31-bit number from the live groups' canonical text (equal groups, equal number). */
export function skillVersion(live: LiveSkill): number {
  const text = JSON.stringify(SKILL_GROUPS.map(({ name }) => live.groups[name] ?? null));
  return createHash('sha256').update(text).digest().readUInt32BE(0) >>> 1;
}

export type CxoneSkillDialect = Dialect<SkillSpec, LiveSkill, SkillWrite>;

/** Last-writer-wins PUTs (compare-and-set emulated), the live analysis, no modifier, a fingerprint for a version. */
export const SKILL_CAPABILITIES: DialectCapabilities = { versionedWrites: false, verificationKinds: [LIVE_ANALYSIS], knowsModifier: false, namesVersions: false };

export function createCxoneSkillDialect(client: CxoneSkillsClient): CxoneSkillDialect {
  return {
    kind: 'OutboundSkill',
    capabilities: SKILL_CAPABILITIES,
    idOf: (desired) => String(desired.skillId),
    liveIdOf: (live) => String(live.skillId),
    versionOf: skillVersion,
    // A fingerprint has no order: the later read (a sweep's list) is taken as it is.
    isNewer: () => false,
    async sweep(call) {
      const skills = await client.listSkills({ priority: call?.priority ?? 'sweep' });
      return new Map(skills.map((skill) => [String(skill.skillId), skill]));
    },
    async observe(id, call) {
      try {
        return await client.getSkillParameters(Number(id), { priority: call?.priority ?? 'apply' });
      } catch (error) {
        if (isCxoneNotFoundError(error)) return undefined;
        throw error;
      }
    },
    async write(id, write, expected, call) {
      const skill = { skillId: Number(id), groups: write.groups } as SkillSpec;
      const changes = diffSkill(write.groups, expected.groups);
      const result = await conditionalWriteSkill(client, skill, changes, skillFingerprints(write.groups, expected.groups));
      if (result.outcome === 'conflict') throw new SkillWriteConflictError(Number(id), result.conflict, result.groups);
      const live = await client.getSkillParameters(Number(id), { priority: call?.priority ?? 'apply' });
      return { live, version: skillVersion(live) };
    },
    restoreOf: (live) => ({ skillId: live.skillId, groups: live.groups }),
    // Only a landed write is certain. A skill that reads as it was before the write may have been
    // written and put back since (a supervisor saving a form opened before our PUT, a race that
    // restores the field): without a version that cannot be told from a PUT that never arrived.
    judgeIntent(intent, live) {
      if (!live) return 'no';
      return diffSkill(intent.write.groups, live.groups).length === 0 ? 'yes' : 'unknown';
    },
    // A skill conflict is never a lost answer: the write saw what happened (nothing sent, or our PUT
    // overwritten right after, at the read-back), and the reconciler records it and re-plans.
    mayHaveApplied: (error) =>
      error instanceof SkillWriteConflictError ? false : isConflictError(error) || isTransientError(error) || isCxoneResponseError(error) || !isClassifiedError(error),
    // A PUT of this write was accepted before the conflict: overwritten at the read-back, or an
    // earlier group written before a later one was found changed.
    acceptedBeforeConflict: (error) => error instanceof SkillWriteConflictError && error.written.length > 0,
  };
}
