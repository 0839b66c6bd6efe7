/**
 * Poison journal lines (issue 10): a bad `time`, an intent without `settings`, a status name that
 * climbs out of the audit worktree. Each is set aside with `file:line: what is wrong`, the good
 * lines still go out, and nothing is written outside the data directory's audit worktree.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAuditTrail } from '../../../controller/adapters/git/audit-trail.js';
import type { Logger } from '../../../controller/adapters/logging/logger.js';
import { createFileIntentLog } from '../../../controller/reconcile/apply-intents.js';
import { auditRecord, recordsOnBranch } from './audit-fixture.js';
import { CAMPAIGN_YAML, createBareRemote, TempDirs } from './git-fixture.js';

/** A logger that keeps what reaches error(). */
function recordingLog(): Logger & { errors: Array<Record<string, unknown>> } {
  const errors: Array<Record<string, unknown>> = [];
  const log = {
    errors,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (meta: Record<string, unknown> | string) => void errors.push(typeof meta === 'string' ? { message: meta } : meta),
    child: () => log,
  };
  return log as Logger & { errors: Array<Record<string, unknown>> };
}

describe('poison journal lines', function () {
  this.timeout(30_000);
  const temp = new TempDirs();
  afterEach(() => temp.cleanup());

  it('quarantines a bad time and a status name like ../../../x with file:line, pushes the good lines, and writes nothing outside the audit worktree', async () => {
    const { remote } = await createBareRemote(temp, { 'spring.yaml': CAMPAIGN_YAML('spring-renewals') });
    const root = await temp.make('cxone-gitops-poison-');
    const dataDir = join(root, 'data');
    const file = join(dataDir, 'journal', 'audit.jsonl');
    await mkdir(join(dataDir, 'journal'), { recursive: true });
    const good = auditRecord('spring-renewals');
    const lines = [
      JSON.stringify({ record: good, status: { name: 'spring-renewals', document: { name: 'spring-renewals' } } }),
      JSON.stringify({ record: auditRecord('spring-renewals', { time: 'last tuesday' }) }),
      JSON.stringify({ record: auditRecord('escape'), status: { name: '../../../x', document: { pwned: true } } }),
    ];
    await writeFile(file, `${lines.join('\n')}\n`);

    const log = recordingLog();
    const trail = createAuditTrail({ repoUrl: remote, dataDir, log, batchDelayMs: 3_600_000 });
    await trail.start();
    await trail.stop();

    expect(log.errors.map((error) => error.where)).to.deep.equal([
      `${file}:2: record.time "last tuesday" is not an ISO 8601 date`,
      `${file}:3: status.name "../../../x" is not a file name (letters, digits, . _ -)`,
    ]);
    expect((await recordsOnBranch(remote)).map((record) => record.id), 'the good line was pushed').to.deep.equal([good.id]);
    expect((await readFile(`${file}.corrupt`, 'utf8')).trim().split('\n')).to.deep.equal(lines.slice(1));
    for (const outside of [join(root, 'x.json'), join(dataDir, 'x.json'), join(root, '..', 'x.json')]) expect(existsSync(outside), outside).to.equal(false);
  });

  it('quarantines an intent without settings with file:line instead of failing every start', async () => {
    const root = await temp.make('cxone-gitops-intents-');
    const file = join(root, 'journal', 'intents.jsonl');
    await mkdir(join(root, 'journal'), { recursive: true });
    const record = auditRecord('spring-renewals');
    const good = { id: record.id, campaignId: record.campaignId, fromVersion: 3, settings: { algorithmId: 'pd', parameterWeights: {}, validationSplit: 0.2, maxDeviationLimit: 0.1, convergenceThreshold: 0.01 }, record };
    const noSettings = { ...good, id: 'x-1', settings: undefined };
    const badTime = { ...good, id: 'x-2', record: { ...record, time: 'soon' } };
    await writeFile(file, `${JSON.stringify(good)}\n${JSON.stringify(noSettings)}\n{"id":\n${JSON.stringify(badTime)}\n`);

    const log = recordingLog();
    const intents = await createFileIntentLog(file, log);
    expect(intents.pending().map((intent) => intent.id)).to.deep.equal([good.id]);
    expect(log.errors.map((error) => error.where)).to.deep.equal([
      `${file}:2: an intent without settings`,
      `${file}:3: not valid JSON (a line torn by a crash?)`,
      `${file}:4: record.time "soon" is not an ISO 8601 date`,
    ]);
    expect((await readFile(file, 'utf8')).trim().split('\n')).to.have.length(1);
    expect((await readFile(`${file}.corrupt`, 'utf8')).trim().split('\n')).to.have.length(3);
  });
});
