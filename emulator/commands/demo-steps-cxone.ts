/**
 * What `demo --dialect cxone` prints once it runs: where everything is, and steps that work on
 * every run — a fresh clone directory, an edit that always changes the renewals skill (it toggles
 * the abandon-rate threshold between two values), a commit with its own identity, and a
 * supervisor's edit of the skill through the emulator's admin endpoint (over its HTTPS, trusting
 * the demo's certificate).
 */
import { AUDIT_BRANCH } from './demo-steps.js';

export interface CxoneDemoStepsInput {
  emulatorUrl: string;
  remote: string;
  dashboardUrl: string;
  skills: number;
  created: boolean;
  dir: string;
  /** The emulator's certificate (the controller trusts it through NODE_EXTRA_CA_CERTS). */
  ca: string;
}

/** The renewals skill of desired-state-cxone/. */
export const DEMO_SKILL = { name: 'renewals-outbound', skillId: 4021337, file: 'retention/renewals-outbound.yaml' };

/** A sed that always changes something: 2.5 → 2.2, or 2.2 → 2.5 on a second run. */
export const SKILL_TOGGLE_SED = `sed -i -e 's/abandonRateThreshold: 2.5 /abandonRateThreshold: 2.2 /;t' -e 's/abandonRateThreshold: 2.2 /abandonRateThreshold: 2.5 /' ${DEMO_SKILL.file}`;

export function cxoneDemoSteps(input: CxoneDemoStepsInput): string {
  const { emulatorUrl, remote, dashboardUrl } = input;
  const lines = [
    '',
    'cxone-gitops demo (CXONE_DIALECT=cxone: Personal Connection outbound skills) is running.',
    `  CXone emulator     ${emulatorUrl}  (the real skills API over HTTPS, ${input.skills} skills; one changed by a "supervisor" before the start)`,
    `  Certificate        ${input.ca}  (the controller trusts it through NODE_EXTRA_CA_CERTS)`,
    `  Git remote         ${remote}  (${input.created ? 'seeded from desired-state-cxone/, each analysis shortened to seconds' : 'reused; the audit branch starts afresh with the fresh emulator'})`,
    `  Dashboard          ${dashboardUrl}/`,
    `  Status API         ${dashboardUrl}/api/status`,
    '  Alerts             printed below as "alert (…)", as ops would receive them',
    '  Verdicts           printed below as "apply verified: …": the local gate\'s prediction beside what the live analysis of the skill\'s traffic measured',
    '',
    'Make a change the GitOps way:',
    `  cd "$(mktemp -d)" && git clone ${remote} demo && cd demo`,
    `  ${SKILL_TOGGLE_SED}`,
    `  git -c user.name="Demo User" -c user.email=demo@example.invalid commit -am "Change the abandon-rate threshold of ${DEMO_SKILL.name}" && git push`,
    `  → applied within seconds (conditional write: re-read, PUT, read back), verified by the live analysis of the skill's traffic, recorded on the ${AUDIT_BRANCH} branch:`,
    `  git --git-dir=${remote} log --format="%h %s%n%(trailers)" ${AUDIT_BRANCH}`,
    '',
    'Change the skill outside Git, as a supervisor in the CXone UI would:',
    `  curl --cacert ${input.ca} -X PATCH ${emulatorUrl}/emulator/skills/${DEMO_SKILL.skillId} -H 'content-type: application/json' \\`,
    `    -d '{"generalSettings":{"maximumRatio":3}}'`,
    "  → drift on the next sweep (every 10 s), against the settings last applied from Git: CXone does not report who changed a skill,",
    "    so the message points at CXone's Change Audit Report; then healed and verified, with an alert.",
    '',
    `Ctrl-C stops everything; the next npm start -- --dialect cxone reuses ${input.dir}/cxone/ (delete it to start afresh).`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}
