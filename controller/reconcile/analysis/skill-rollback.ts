/**
 * The rollback of a failed analysis as a conditional write (README, "Live outcome analysis"):
 * re-read the skill; roll back only when every field the apply wrote is still live (otherwise
 * someone changed it since, and overwriting their change is not ours to do); send each group
 * whole, the live fields merged with the previous values; read back to prove it landed.
 */

/** Read and write a skill's parameter groups (`generalSettings`, `cpaSettings`, …) through the dialect. */
export interface SkillGroupsAccess {
  read(skillId: number, signal?: AbortSignal): Promise<Record<string, Record<string, unknown>>>;
  /** Writes one whole group (PUT). */
  write(skillId: number, group: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<void>;
}

export type RollbackResult =
  | { outcome: 'RolledBack'; written: Record<string, Record<string, unknown>> }
  | { outcome: 'Conflict'; reason: string }
  | { outcome: 'NotLanded'; reason: string };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Fields of `expected` that differ in `live`, as `group.field` names. */
function differences(expected: Record<string, Record<string, unknown>>, live: Record<string, Record<string, unknown>>): string[] {
  const found: string[] = [];
  for (const [group, fields] of Object.entries(expected)) {
    for (const [field, value] of Object.entries(fields)) {
      if (!same(live[group]?.[field], value)) found.push(`${group}.${field}`);
    }
  }
  return found;
}

export async function rollbackSkill(
  access: SkillGroupsAccess,
  skillId: number,
  applied: Record<string, Record<string, unknown>>,
  previous: Record<string, Record<string, unknown>>,
  signal?: AbortSignal,
): Promise<RollbackResult> {
  const live = await access.read(skillId, signal);
  const changed = differences(applied, live);
  if (changed.length > 0) {
    return { outcome: 'Conflict', reason: `not rolled back: ${changed.join(', ')} changed since the apply (someone else wrote the skill); check it in CXone` };
  }
  const written: Record<string, Record<string, unknown>> = {};
  for (const [group, fields] of Object.entries(previous)) {
    const whole = { ...live[group], ...fields };
    await access.write(skillId, group, whole, signal);
    written[group] = whole;
  }
  const after = await access.read(skillId, signal);
  const missing = differences(previous, after);
  if (missing.length > 0) return { outcome: 'NotLanded', reason: `the rollback did not land: ${missing.join(', ')} differ after the write` };
  return { outcome: 'RolledBack', written };
}
