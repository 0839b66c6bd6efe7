/**
 * Helpers of the chaos tests (README "Testing"; the invariants I1–I4 of docs/architecture.md,
 * "The safety invariants"), shared by the chaos test of each dialect. Nothing here knows the
 * tutorial emulator: the kill-point watch reads the controller's journal directory and a request
 * log the caller passes in, and every invariant check is a pure function of what the caller read —
 * the audit records on the branch, the statuses of `/api/status`, the writes CXone accepted and the
 * write intents still pending — returning its violations as sentences (an empty list: none).
 *
 * How a chaos test uses them:
 * - Per round, before the kill: `const reached = await killPointWatch(step, probes, acceptedBefore)`
 *   with `probes` the journal directory (`DATA_DIR/journal`), the count of writes the emulator
 *   accepted, the requests it answered since the round's start, and a predicate per request-based
 *   step of the dialect (which request is a PUT's answer, a verification's start, its read); then
 *   `waitFor(reached)` and SIGKILL.
 * - After each restart (the child ready): `await waitForInvariants(() => readFacts(), { midRun: true })`,
 *   where `readFacts` reads, in this order, the accepted writes, `pendingIntents(journalDir)`, the
 *   status (`campaigns`, `auditPending`) and the audit records. Mid-run a write or an apply still
 *   in flight is not a violation (see `invariantViolations`); a violation must persist over fresh
 *   reads until the deadline to fail, since the controller keeps working between the reads.
 * - At the end, once settled (nothing Verifying, nothing queued, the journal pushed):
 *   `invariantViolations(facts)` with `midRun` false, and expect `[]`.
 * - I3 is the dialect's rule: pass `unsafe(write)` (e.g. `weightsOutsideLimit` for the tutorial's weights).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from './wait-for.js';

/** Records that end an apply (I2); with a later `applied` of the same campaign (superseded). */
export const VERDICT_OUTCOMES = ['verified', 'rolled-back', 'rollback-failed', 'paused', 'verification-failed'] as const;
/** Records that settle an apply: a verdict, or the note that a later apply superseded its verification. */
export const SETTLING_OUTCOMES: ReadonlySet<string> = new Set<string>([...VERDICT_OUTCOMES, 'verification-superseded']);
/** Verdicts that leave a campaign needing a human (I4) and the statuses that show it. */
const NEEDS_HUMAN = new Set(['rolled-back', 'rollback-failed', 'paused', 'verification-failed']);
export const HELD_STATUSES = ['Paused', 'RolledBack', 'Failed', 'Blocked'];

/**
 * The steps of the apply path a kill can follow, in the order they happen. Journal steps are
 * dialect-neutral; request steps (a PUT answered, a verification started or read) take the
 * dialect's predicate from `KillPointProbes.requests`.
 */
export type ApplyStep =
  | 'the write intent journaled'
  | 'a PUT applied by CXone'
  | 'a PUT answered'
  | 'the applied record journaled'
  | 'the verification-started record journaled'
  | 'a verification started'
  | 'a verification read'
  | 'the verdict journaled'
  | 'the verdict pushed to the audit branch';
type RequestStep = Extract<ApplyStep, 'a PUT answered' | 'a verification started' | 'a verification read'>;

/** Every step of the apply path, in the order they happen (a dialect's kill points are some of them). */
export const APPLY_STEPS: readonly ApplyStep[] = [
  'the write intent journaled',
  'a PUT applied by CXone',
  'a PUT answered',
  'the applied record journaled',
  'the verification-started record journaled',
  'a verification started',
  'a verification read',
  'the verdict journaled',
  'the verdict pushed to the audit branch',
];

/**
 * A chaos run's rounds and kill points from the environment: `CHAOS_SEED` (default from the clock;
 * print it, it replays the run's choices), `CHAOS_ROUNDS`, and `CHAOS_KILL_POINTS=all` (one round
 * per point, in order); otherwise round r kills at point (seed + r) mod the number of points.
 */
export function chaosRounds<P>(points: readonly P[], defaultRounds = 3): { seed: number; rounds: number; pointOf(round: number): P } {
  const all = process.env.CHAOS_KILL_POINTS === 'all';
  const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Date.now() / 1000) % 100_000);
  const rounds = Number(process.env.CHAOS_ROUNDS ?? (all ? points.length : defaultRounds));
  return { seed, rounds, pointOf: (round) => points[(all ? round : seed + round) % points.length]! };
}

export interface SeenRequest {
  method: string;
  path: string;
  status: number;
}

export interface KillPointProbes {
  /** The controller's `DATA_DIR/journal` (audit.jsonl, intents.jsonl). */
  journalDir: string;
  /** How many writes the emulator has accepted so far (every dialect's emulator keeps a log). */
  acceptedWrites(): number;
  /** The requests the emulator answered since the round started. */
  requestsSince(): SeenRequest[];
  /** Which answered request is each request step, for the dialect under test. */
  requests: Partial<Record<RequestStep, (request: SeenRequest) => boolean>>;
}

export interface JournalLine {
  id?: string;
  campaignId?: string;
  record?: { id?: string; outcome?: string };
  outcome?: string;
}

/** A journal's lines (records waiting for their push, or pending intents) as parsed objects. */
export async function readJournal(journalDir: string, name: 'audit.jsonl' | 'intents.jsonl'): Promise<JournalLine[]> {
  const text = await readFile(path.join(journalDir, name), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JournalLine];
      } catch {
        return []; // a line torn by the kill
      }
    });
}

/** The ids of the audit journal's records of `outcomes` (an entry carries its record). */
export async function journaledIds(journalDir: string, outcomes: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const entry of await readJournal(journalDir, 'audit.jsonl')) {
    const record = entry.record ?? entry;
    if (record.id && outcomes.includes(String(record.outcome))) ids.add(record.id);
  }
  return ids;
}

/** The write intents still pending (each names its campaign and the id of the record it will produce). */
export async function pendingIntents(journalDir: string): Promise<Array<{ id: string; campaignId: string }>> {
  return (await readJournal(journalDir, 'intents.jsonl')).flatMap((line) => (line.id && line.campaignId ? [{ id: line.id, campaignId: line.campaignId }] : []));
}

/** A check that turns true once the controller has reached `step` after the round's start (`acceptedBefore` writes then). */
export async function killPointWatch(step: ApplyStep, probes: KillPointProbes, acceptedBefore: number): Promise<() => Promise<boolean>> {
  const verdicts = [...VERDICT_OUTCOMES];
  const known = new Set([...(await journaledIds(probes.journalDir, ['applied', 'verification-started'])), ...(await journaledIds(probes.journalDir, verdicts))]);
  const seenVerdicts = new Set<string>();
  const fresh = async (outcomes: readonly string[]) => [...(await journaledIds(probes.journalDir, outcomes))].filter((id) => !known.has(id));
  const requested = (name: RequestStep) => {
    const matches = probes.requests[name];
    if (!matches) throw new Error(`kill point "${name}" needs a request predicate for this dialect (KillPointProbes.requests)`);
    return probes.requestsSince().some(matches);
  };
  return async () => {
    switch (step) {
      case 'the write intent journaled':
        return (await readJournal(probes.journalDir, 'intents.jsonl')).length > 0;
      case 'a PUT applied by CXone':
        return probes.acceptedWrites() > acceptedBefore;
      case 'the applied record journaled':
        return (await fresh(['applied'])).length > 0;
      case 'the verification-started record journaled':
        return (await fresh(['verification-started'])).length > 0;
      case 'the verdict journaled':
        return (await fresh(verdicts)).length > 0;
      case 'the verdict pushed to the audit branch': {
        // Seen in the journal, then gone from it: on the branch (the journal keeps a record until it is pushed).
        const now = await fresh(verdicts);
        for (const id of now) seenVerdicts.add(id);
        return seenVerdicts.size > 0 && [...seenVerdicts].some((id) => !now.includes(id));
      }
      default:
        return requested(step);
    }
  };
}

export type AuditRecordLike = Record<string, unknown>;

/** A write CXone accepted (from the emulator's log): its campaign, and the version it made where the dialect versions. */
export interface AcceptedWrite {
  campaignId: string;
  /** The live version after the write (`toVersion` of its record); unused when `versioned` is false. */
  version?: number | string;
  /** How a violation names it, e.g. `<id> v7`. */
  label: string;
}

/** The part of a campaign's status the checks read (`/api/status`'s campaigns). */
export interface StatusLike {
  name: string;
  campaignId: string;
  status: string;
  /** The desired revision last reconciled. */
  desiredRevision?: string;
  verification?: { applyId: string };
}

export interface ChaosFacts<W extends AcceptedWrite = AcceptedWrite> {
  writes: readonly W[];
  records: readonly AuditRecordLike[];
  statuses: readonly StatusLike[];
  /** The write intents pending when the facts were read: their writes (and applies) are in flight mid-run. */
  intents?: ReadonlyArray<{ id: string; campaignId: string }>;
}

export interface CheckOptions<W extends AcceptedWrite = AcceptedWrite> {
  /**
   * Mid-run (after a restart, the controller at work) what may be in flight is excused, only that:
   * - I1: a write whose campaign has a pending intent may still lack its record (never have two);
   * - I2: an apply its campaign's status still waits on (`verification.applyId`), or whose intent
   *   is pending, may still lack its verdict;
   * - I4: a campaign whose status is at another desired revision than its needs-a-human verdict may
   *   have left its hold (the desired state changed), its next apply not recorded yet.
   * I3, the record side of I1 (a certain record matches an accepted write) and unique ids are
   * checked as at the end. At the end (false) nothing is excused.
   */
  midRun?: boolean;
  /** I3, the dialect's rule: what is unsafe in one accepted write (empty: nothing). */
  unsafe?(write: W): string[];
  /** False on a dialect whose writes carry no version (records are then counted per campaign). */
  versioned?: boolean;
  /**
   * Which records are records of an accepted write (I1). Default `applied` and `rolled-back`; a
   * last-writer-wins dialect adds its conflict found at the read-back (the PUT was accepted).
   */
  isWriteRecord?(record: AuditRecordLike): boolean;
}

const writeRecords = (records: readonly AuditRecordLike[]) => records.filter((record) => record.outcome === 'applied' || record.outcome === 'rolled-back');
const name = (value: unknown) => String(value);

/**
 * I1: each accepted write has exactly one record (`applied`, `rolled-back`), and each record not
 * marked uncertain matches an accepted write (the uncertain ones: killed during a write that nobody
 * can tell happened), and no record id appears twice. With versions (`versioned`, the default), a
 * record matches a write on `campaignId` and `toVersion`; without, per campaign the certain records
 * are at most the accepted writes, and all the records at least as many.
 */
export function oneRecordPerWrite(facts: ChaosFacts, options: Pick<CheckOptions, 'midRun' | 'versioned' | 'isWriteRecord'> = {}): string[] {
  const writes = options.isWriteRecord ? facts.records.filter((record) => options.isWriteRecord!(record)) : writeRecords(facts.records);
  const inFlight = new Set(options.midRun ? (facts.intents ?? []).map((intent) => intent.campaignId) : []);
  const violations: string[] = [];
  if (options.versioned === false) {
    for (const campaignId of new Set([...facts.writes.map((write) => write.campaignId), ...writes.map((record) => name(record.campaignId))])) {
      const accepted = facts.writes.filter((write) => write.campaignId === campaignId).length;
      const all = writes.filter((record) => record.campaignId === campaignId);
      const certain = all.filter((record) => !record.uncertain).length;
      if (certain > accepted) violations.push(`I1: ${certain} certain write records of ${campaignId} for ${accepted} accepted writes`);
      if (all.length < accepted && !inFlight.has(campaignId)) violations.push(`I1: ${all.length} write records of ${campaignId} for ${accepted} accepted writes`);
    }
  } else {
    for (const write of facts.writes) {
      const matching = writes.filter((record) => record.campaignId === write.campaignId && record.toVersion === write.version);
      if (matching.length > 1 || (matching.length === 0 && !inFlight.has(write.campaignId))) violations.push(`I1: ${matching.length} records for the write that made ${write.label} (expected 1)`);
    }
    for (const record of writes.filter((candidate) => !candidate.uncertain)) {
      if (!facts.writes.some((write) => write.campaignId === record.campaignId && write.version === record.toVersion)) violations.push(`I1: record ${name(record.outcome)} ${name(record.campaignId)} v${name(record.toVersion)} matches no accepted write`);
    }
  }
  const ids = facts.records.map((record) => record.id);
  if (new Set(ids).size !== ids.length) violations.push(`I1: ${ids.length - new Set(ids).size} duplicate record ids`);
  return violations;
}

/** I2: the accepted applies (not uncertain) without a verdict or a later apply of the same campaign, named. */
export function appliesWithoutVerdict(facts: ChaosFacts, options: Pick<CheckOptions, 'midRun'> = {}): string[] {
  const waiting = new Set(options.midRun ? [...facts.statuses.flatMap((status) => (status.verification ? [status.verification.applyId] : [])), ...(facts.intents ?? []).map((intent) => intent.id)] : []);
  const unsettled: string[] = [];
  for (const apply of facts.records.filter((record) => record.outcome === 'applied' && !record.uncertain)) {
    const later = facts.records.filter((record) => record.campaignId === apply.campaignId && Date.parse(name(record.time)) >= Date.parse(name(apply.time)) && record.id !== apply.id);
    const settled = later.some((record) => SETTLING_OUTCOMES.has(name(record.outcome)) || record.outcome === 'applied');
    if (!settled && !waiting.has(name(apply.id))) unsettled.push(`${name(apply.campaign)} v${name(apply.toVersion)} (then: ${later.map((record) => name(record.outcome)).join(', ') || 'nothing'})`);
  }
  return unsettled;
}

/**
 * I4: campaigns whose latest apply or verdict needs a human but whose status no longer shows it.
 * Mid-run, a campaign whose status is at another desired revision than that verdict is excused: the
 * desired state changed since, which may clear the hold, and its next apply may not be recorded yet.
 */
export function needsHumanLost(facts: ChaosFacts, options: Pick<CheckOptions, 'midRun'> = {}): string[] {
  const violations: string[] = [];
  for (const campaign of facts.statuses) {
    const last = facts.records.filter((record) => record.campaign === campaign.name && (SETTLING_OUTCOMES.has(name(record.outcome)) || record.outcome === 'applied')).at(-1);
    if (!last || !NEEDS_HUMAN.has(name(last.outcome)) || HELD_STATUSES.includes(campaign.status)) continue;
    if (options.midRun && campaign.desiredRevision !== undefined && campaign.desiredRevision !== last.desiredRevision) continue;
    violations.push(`I4: ${campaign.name} is ${campaign.status} after ${name(last.outcome)} (needs a human)`);
  }
  return violations;
}

/** I1–I4 on one reading of the facts (I2's unsettled applies prefixed `I2:`). */
export function invariantViolations<W extends AcceptedWrite>(facts: ChaosFacts<W>, options: CheckOptions<W> = {}): string[] {
  return [
    ...oneRecordPerWrite(facts, options),
    ...appliesWithoutVerdict(facts, options).map((apply) => `I2: no verdict for ${apply}`),
    ...facts.writes.flatMap((write) => (options.unsafe?.(write) ?? []).map((problem) => `I3: ${write.label}: ${problem}`)),
    ...needsHumanLost(facts, options),
  ];
}

/**
 * Mid-run: reads the facts afresh until no violation is left, or fails at the deadline with the
 * ones that persisted (a record journaled and not yet pushed, a verdict landing between two reads
 * show up once and are gone at the next reading; a real violation stays).
 */
export async function waitForInvariants<W extends AcceptedWrite>(read: () => Promise<ChaosFacts<W>>, options: CheckOptions<W> & { timeoutMs?: number; what?: string } = {}): Promise<ChaosFacts<W>> {
  let violations: string[] = [];
  let facts: ChaosFacts<W> | undefined;
  try {
    return await waitFor(async () => {
      facts = await read();
      violations = invariantViolations(facts, options);
      return violations.length === 0 ? facts : undefined;
    }, { timeoutMs: options.timeoutMs ?? 20_000, intervalMs: 250, what: options.what ?? 'I1–I4 to hold' });
  } catch (error) {
    throw new Error(`${options.what ?? 'I1–I4'}: ${violations.join('; ') || (error as Error).message}${facts ? `\n${factsListing(facts)}` : ''}`, { cause: error });
  }
}

/** The writes, intents and records a failed check was judged on, one line each (for the test log). */
function factsListing(facts: ChaosFacts): string {
  const clip = (value: unknown) => String(value ?? '').slice(0, 160);
  return [
    ...facts.writes.map((write) => `  write ${write.campaignId}: ${write.label}`),
    ...(facts.intents ?? []).map((intent) => `  intent ${intent.campaignId}: ${intent.id}`),
    ...facts.records.map((record) => `  record ${name(record.campaignId)} ${name(record.time)} ${name(record.id)} ${name(record.outcome)}${record.uncertain ? ' uncertain' : ''}${record.recovered ? ' recovered' : ''}: ${clip(record.reason)}`),
  ].join('\n');
}

/** I3 for the tutorial's weights: each weight within the write's maxDeviationLimit. */
export function weightsOutsideLimit(settings: { parameterWeights: Record<string, number | undefined>; maxDeviationLimit: number }): string[] {
  return Object.entries(settings.parameterWeights)
    .filter(([, weight]) => Math.abs(weight ?? 0) > settings.maxDeviationLimit + 1e-9)
    .map(([key, weight]) => `${key} ${String(weight)} beyond maxDeviationLimit ${settings.maxDeviationLimit}`);
}
