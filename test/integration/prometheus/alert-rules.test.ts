import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { promtool } from '../../support/promtool.js';
import { REPO_ROOT } from '../../support/spawn-cli.js';

const DIR = join(REPO_ROOT, 'deploy', 'prometheus');
const RULES = 'cxone-gitops.rules.yaml';

describe('the Prometheus alerting rules (deploy/prometheus)', function () {
  this.timeout(60_000);

  it('pass promtool check rules', async () => {
    const { code, output } = await promtool(['check', 'rules', RULES], { cwd: DIR });
    expect(code, output).to.equal(0);
    expect(output).to.include('SUCCESS: 9 rules found');
  });

  it('behave as their promtool unit tests say: drift older than 30m, failed, paused, rolled back, circuit open, audit backlog, no sweep, no leader', async () => {
    const { code, output } = await promtool(['test', 'rules', 'cxone-gitops.rules.test.yaml'], { cwd: DIR });
    expect(code, output).to.equal(0);
    expect(output).to.include('SUCCESS');
  });

  it('unit-test every alert the file defines', () => {
    const rules = parse(readFileSync(join(DIR, RULES), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string }> }> };
    const tests = parse(readFileSync(join(DIR, 'cxone-gitops.rules.test.yaml'), 'utf8')) as { tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }> };
    const firing = new Set(tests.tests.flatMap((test) => test.alert_rule_test.filter((check) => check.exp_alerts.length > 0).map((check) => check.alertname)));
    const quiet = new Set(tests.tests.flatMap((test) => test.alert_rule_test.filter((check) => check.exp_alerts.length === 0).map((check) => check.alertname)));
    for (const { alert } of rules.groups.flatMap((group) => group.rules)) {
      expect(firing.has(alert), `${alert} has a test where it fires`).to.equal(true);
      if (alert !== 'CxoneGitopsCampaignPaused' && alert !== 'CxoneGitopsCampaignRolledBack' && alert !== 'CxoneGitopsTwoLeaders') expect(quiet.has(alert), `${alert} has a test where it stays quiet`).to.equal(true);
    }
  });

  it('ships the same groups as a PrometheusRule for the Prometheus Operator (deploy/kubernetes)', () => {
    const rules = parse(readFileSync(join(DIR, RULES), 'utf8')) as { groups: unknown };
    const resource = parse(readFileSync(join(REPO_ROOT, 'deploy', 'kubernetes', 'prometheusrule.yaml'), 'utf8')) as { kind: string; spec: { groups: unknown } };
    expect(resource.kind).to.equal('PrometheusRule');
    expect(resource.spec.groups).to.deep.equal(rules.groups);
  });

  it('fail promtool when a rule is broken (the check can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cxone-rules-'));
    try {
      await writeFile(join(dir, 'broken.yaml'), 'groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: max by (job (x)\n');
      const { code, output } = await promtool(['check', 'rules', 'broken.yaml'], { cwd: dir });
      expect(code).to.not.equal(0);
      expect(output).to.include('parse error');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
