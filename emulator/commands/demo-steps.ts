/**
 * What the demo prints once it runs: where everything is, and steps that work on every run — a
 * fresh clone directory, an edit that always changes the file (it toggles a weight between two
 * values), a commit with its own identity (a fresh container has none), a supervisor's edit.
 */
export const AUDIT_BRANCH = 'cxone-gitops/audit';

export interface DemoStepsInput {
  emulatorUrl: string;
  remote: string;
  dashboardUrl: string;
  campaigns: number;
  created: boolean;
  dir: string;
}

/** A sed that always changes something: 0.12 → 0.15, or 0.15 → 0.12 on a second run. */
export const TOGGLE_SED = `sed -i -e 's/answer_rate: 0.12/answer_rate: 0.15/;t' -e 's/answer_rate: 0.15/answer_rate: 0.12/' retention/spring-renewals.yaml`;

export function demoSteps(input: DemoStepsInput): string {
  const { emulatorUrl, remote, dashboardUrl } = input;
  const lines = [
    '',
    'cxone-gitops demo is running.',
    `  CXone emulator     ${emulatorUrl}  (${input.campaigns} campaigns; some changed by "supervisors": broadband-upsell is healed, early-arrears (observe) stays drifted)`,
    `  Git remote         ${remote}  (${input.created ? 'seeded from desired-state/' : `reused; the audit branch starts afresh with the fresh emulator`})`,
    `  Dashboard          ${dashboardUrl}/`,
    `  Status API         ${dashboardUrl}/api/status`,
    '  Alerts             printed below as "alert (…)", as ops would receive them',
    '  Verdicts           printed below as "apply verified: …": the local gate\'s prediction beside CXone\'s verification',
    '',
    'Make a change the GitOps way:',
    `  cd "$(mktemp -d)" && git clone ${remote} demo && cd demo`,
    `  ${TOGGLE_SED}`,
    '  git -c user.name="Demo User" -c user.email=demo@example.invalid commit -am "Change the answer-rate weight of spring renewals" && git push',
    `  → applied within seconds (the remote is watched), verified by a simulation, recorded on the ${AUDIT_BRANCH} branch:`,
    `  git --git-dir=${remote} log --format="%h %s%n%(trailers)" ${AUDIT_BRANCH}`,
    '',
    'Change a campaign outside Git, as a supervisor in the CXone UI would:',
    `  curl -X PATCH ${emulatorUrl}/emulator/campaigns/a1b2c3d4-e5f6-7890-abcd-ef1234567890 -H 'content-type: application/json' \\`,
    `    -d '{"predictiveDialerSettings":{"parameterWeights":{"predictive_factor":0.05}},"modifiedBy":"ui:jane.doe"}'`,
    '  → healed on the next sweep (every 30 s), with an alert.',
    '',
    `Ctrl-C stops everything; the next npm start reuses ${input.dir}/ (delete it to start afresh).`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}
