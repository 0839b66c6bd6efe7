/**
 * The cxone emulator's record of accepted PUTs and its faults for the chaos test (docs/architecture.md,
 * "The emulator"): a lost answer after the write (apply-then-drop, as a rate and one-shot), a
 * re-read that fails (a one-shot 503 or a dropped connection on a path), and a PUT that fails once
 * armed (a rollback that cannot be written), each against a real emulator on 127.0.0.1.
 */
import { expect } from 'chai';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import type { SkillChange } from '../../../emulator/cxone/skill-store.js';
import { httpRequest, type TestResponse } from '../../support/http-request.js';

const BASIC = `Basic ${Buffer.from(`${DEFAULT_APPLICATION.clientId}:${DEFAULT_APPLICATION.clientSecret}`).toString('base64')}`;
const BASE = '/inContactAPI/services/v34.0';
const GENERAL = '/skills/11/parameters/general-settings';

type Json = Record<string, unknown>;

describe('the cxone-dialect emulator: accepted PUTs and chaos faults', () => {
  let emulator: RunningCxoneEmulator;
  let token: string;
  const api = (method: string, path: string, body?: unknown): Promise<TestResponse<Json>> =>
    httpRequest<Json>(`${emulator.url}${BASE}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const faults = (body: unknown): Promise<TestResponse<Json>> => httpRequest<Json>(`${emulator.url}/emulator/faults`, { method: 'POST', body });
  const live = () => emulator.context.store.get(11)!.groups.generalSettings;

  beforeEach(async () => {
    emulator = await startCxoneEmulator({ rateLimitPerMinute: 0, skills: [{ skillId: 11, generalSettings: { maximumRatio: 2 } }, { skillId: 13 }] });
    const form = new URLSearchParams({ grant_type: 'password', username: DEFAULT_ACCESS_KEY.accessKeyId, password: DEFAULT_ACCESS_KEY.accessKeySecret }).toString();
    const granted = await httpRequest<Json>(`${emulator.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: BASIC }, body: form });
    token = String(granted.body.access_token);
  });
  afterEach(() => emulator.close());

  it('logs every group PUT it accepted, with its time, body and resulting group, and not supervisor edits or refused PUTs', async () => {
    const start = Date.now();
    expect((await api('PUT', GENERAL, { generalSettings: { maximumRatio: 3 } })).status).to.equal(200);
    expect((await api('PUT', GENERAL, { generalSettings: { maximumRatio: 9 } })).status, 'out of range: refused').to.equal(400);
    emulator.context.store.patch(11, { generalSettings: { maximumRatio: 1 } });
    expect((await api('PUT', GENERAL, { generalSettings: { maximumRatio: 1 } })).status).to.equal(200);
    const changes = emulator.context.store.changes;
    expect(changes.map(({ seq, skillId, group, body, changed, source }) => ({ seq, skillId, group, body, changed, source }))).to.deep.equal([
      { seq: 1, skillId: 11, group: 'generalSettings', body: { maximumRatio: 3 }, changed: true, source: 'api' },
      // The supervisor had set 1 already: accepted, but nothing changed.
      { seq: 2, skillId: 11, group: 'generalSettings', body: { maximumRatio: 1 }, changed: false, source: 'api' },
    ]);
    expect(changes[0]!.settings).to.deep.equal({ ...live(), maximumRatio: 3 });
    expect(Date.parse(changes[0]!.time)).to.be.within(start - 1, Date.now());
    const read = await httpRequest<{ changes: SkillChange[] }>(`${emulator.url}/emulator/changes?since=1`);
    expect(read.body.changes.map((change) => change.seq)).to.deep.equal([2]);
    await httpRequest(`${emulator.url}/emulator/reset`, { method: 'POST' });
    expect(emulator.context.store.changes).to.deep.equal([]);
  });

  it('applies a PUT and then drops its connection without an answer (one-shot), and the next PUT is answered', async () => {
    expect((await faults({ next: [{ method: 'PUT', action: 'apply-then-drop' }] })).status).to.equal(200);
    const lost = await api('PUT', GENERAL, { generalSettings: { maximumRatio: 3 } }).then(() => 'answered', (error: Error) => error.message);
    expect(lost, 'the connection is reset').to.match(/socket hang up|ECONNRESET/);
    expect(live().maximumRatio, 'applied all the same').to.equal(3);
    expect(emulator.context.store.changes.map((change) => change.body)).to.deep.equal([{ maximumRatio: 3 }]);
    expect(emulator.context.requests.query({ method: 'PUT' }).map((entry) => entry.status), 'logged as unanswered').to.deep.equal([0]);
    expect((await api('PUT', GENERAL, { generalSettings: { maximumRatio: 1 } })).status).to.equal(200);
    expect(emulator.context.scripted).to.deep.equal([]);
  });

  it('applies and drops every PUT at applyThenDropRate 1, and none at 0', async () => {
    expect((await faults({ applyThenDropRate: 1 })).body.applyThenDropRate).to.equal(1);
    for (const ratio of [3, 1]) {
      await api('PUT', GENERAL, { generalSettings: { maximumRatio: ratio } }).then(() => expect.fail('answered'), (error: Error) => expect(error.message).to.match(/socket hang up|ECONNRESET/));
      expect(live().maximumRatio).to.equal(ratio);
    }
    await faults({ applyThenDropRate: 0 });
    expect((await api('PUT', GENERAL, { generalSettings: { maximumRatio: 2 } })).status).to.equal(200);
    expect(emulator.context.store.changes).to.have.length(3);
    expect((await faults({ applyThenDropRate: 1.5 })).status, 'a rate over 1').to.equal(400);
  });

  it('fails the re-read of one path once with 503, or by dropping it, after letting `skip` through, and leaves other paths alone', async () => {
    await faults({ next: [{ method: 'GET', path: '/skills/11/parameters', action: 'error', skip: 1 }, { method: 'GET', path: '/skills/11/parameters', action: 'drop' }] });
    expect((await api('GET', '/skills/13/parameters')).status, 'another skill').to.equal(200);
    expect((await api('GET', GENERAL)).status, 'skipped once').to.equal(200);
    const failed = await api('GET', GENERAL);
    expect(failed.status).to.equal(503);
    expect(failed.body).to.include({ error: 'ServerError' });
    const dropped = await api('GET', '/skills/11/parameters').then(() => 'answered', (error: Error) => error.message);
    expect(dropped).to.match(/socket hang up|ECONNRESET/);
    expect((await api('GET', GENERAL)).status, 'both used up').to.equal(200);
    expect(emulator.context.requests.query({ method: 'GET', pathPrefix: `${BASE}/skills/11` }).map((entry) => entry.status)).to.deep.equal([200, 503, 0, 200]);
  });

  it('answers the next PUT once armed with 503 and writes nothing (a rollback that fails), then accepts the one after', async () => {
    await faults({ next: [{ method: 'PUT', path: '/general-settings', action: 'error', status: 503 }] });
    const refused = await api('PUT', GENERAL, { generalSettings: { maximumRatio: 1 } });
    expect(refused.status).to.equal(503);
    expect(live().maximumRatio, 'nothing written').to.equal(2);
    expect(emulator.context.store.changes).to.deep.equal([]);
    expect((await api('PUT', GENERAL, { generalSettings: { maximumRatio: 1 } })).status).to.equal(200);
    expect(emulator.context.store.changes).to.have.length(1);
  });

  it('refuses a malformed one-shot fault naming its shape, and keeps the other settings of that request unapplied', async () => {
    const refused = await faults({ errorRate: 0.5, next: [{ method: 'PUT', action: 'explode' }] });
    expect(refused.status).to.equal(400);
    expect(refused.body.error_description).to.equal('next[0] must be {method, path?, action: error|drop|apply-then-drop, status?: 400-599, skip?: >= 0}');
    expect(emulator.context.faults.errorRate).to.equal(0);
    expect((await faults({ next: 'PUT' })).body.error_description).to.match(/^next must be a list of/);
    expect((await httpRequest<Json>(`${emulator.url}/emulator/faults`)).body.next).to.deep.equal([]);
  });
});
