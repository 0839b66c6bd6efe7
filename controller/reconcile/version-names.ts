/**
 * How messages and records name an object's version (docs/architecture.md, "The dialect seam"):
 * `vN` where the API numbers versions (the tutorial's campaigns); nothing where a "version" is only a
 * fingerprint of the settings (a real CXone skill), which means nothing to a reader.
 */
import type { AuditRecord } from '../domain/audit-record.js';
import type { DialectCapabilities } from './dialect.js';

type Names = Pick<DialectCapabilities, 'namesVersions'>;

/** ` v3 → v4`, or '' (to follow "applied" or "healed drift"). */
export function versionChange(names: Names, from: number, to: number): string {
  return names.namesVersions ? ` v${from} → v${to}` : '';
}

/** `v3`, or `the apply` (what a verification is of). */
export function applyName(names: Names, version: number): string {
  return names.namesVersions ? `v${version}` : 'the apply';
}

/** `v3's settings`, or `the settings before the apply` (what a rollback puts back). */
export function settingsBefore(names: Names, from: number): string {
  return names.namesVersions ? `v${from}'s settings` : 'the settings before the apply';
}

/** ` (now v5)` / `; now v5`-style suffixes: `text(version)` when versions are named, else ''. */
export function whenNamed(names: Names, text: () => string): string {
  return names.namesVersions ? text() : '';
}

const VERSION_FIELDS = ['fromVersion', 'toVersion', 'restoredFromVersion', 'version'] as const;

/** The record as journaled: without its version fields when the dialect names none. */
export function recordedVersions<R extends AuditRecord>(names: Names, record: R): R {
  if (names.namesVersions) return record;
  const copy: Record<string, unknown> = { ...record };
  for (const field of VERSION_FIELDS) delete copy[field];
  return copy as R;
}
