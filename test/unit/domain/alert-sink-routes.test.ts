import { expect } from 'chai';
import { formatDiagnostic } from '../../../controller/domain/diagnostic.js';
import { testValidator, utf8 } from './test-validator.js';

const policy = (sinks: string): { path: string; bytes: Uint8Array } => ({
  path: 'cxone-gitops.yaml',
  bytes: utf8(`apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  alerts:\n    routes:\n      - matchLabels: { team: retention }\n        sinks:\n${sinks}`),
});

describe('alert routes to Alertmanager, PagerDuty and Teams sinks', () => {
  it('reads each kind of sink with the variables it names', () => {
    const result = testValidator().validateDesiredState([
      policy(
        [
          '          - { kind: alertmanager, urlEnv: RETENTION_ALERTMANAGER_URL }',
          '          - { kind: pagerduty, routingKeyEnv: RETENTION_PD_KEY }',
          '          - { kind: pagerduty, routingKeyEnv: RETENTION_PD_KEY, urlEnv: RETENTION_PD_URL }',
          '          - { kind: teams, urlEnv: RETENTION_TEAMS_URL }',
          '',
        ].join('\n'),
      ),
    ]);
    expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([]);
    expect(result.policy?.alerts.routes[0]?.sinks).to.deep.equal([
      { kind: 'alertmanager', urlEnv: 'RETENTION_ALERTMANAGER_URL' },
      { kind: 'pagerduty', routingKeyEnv: 'RETENTION_PD_KEY' },
      { kind: 'pagerduty', routingKeyEnv: 'RETENTION_PD_KEY', urlEnv: 'RETENTION_PD_URL' },
      { kind: 'teams', urlEnv: 'RETENTION_TEAMS_URL' },
    ]);
  });

  it('says which variable a sink is missing: a routing key for PagerDuty, a URL for the others', () => {
    const result = testValidator().validateDesiredState([policy('          - { kind: pagerduty, urlEnv: RETENTION_PD_URL }\n          - { kind: teams }\n')]);
    expect(result.policy).to.equal(undefined);
    expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([
      'cxone-gitops.yaml:8:13: spec.alerts.routes[0].sinks[0] is missing required key "routingKeyEnv": add it',
      'cxone-gitops.yaml:9:13: spec.alerts.routes[0].sinks[1] is missing required key "urlEnv": add it',
    ]);
  });
});
