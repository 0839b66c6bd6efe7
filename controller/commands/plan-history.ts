/**
 * The history `plan` decides with (I5 in docs/architecture.md): the status documents on the audit
 * branch of GITOPS_REPO_URL, or of the desired-state checkout's `origin` when that is not set —
 * the last applied state, holds and pending verifications the controller decides with. When
 * neither can be read, `plan` says so and plans every campaign as one the controller never saw.
 */
import type { Config } from '../config.js';
import { readAuditStatuses } from '../adapters/git/audit-status-reader.js';
import { skillStatusDocumentProblem, statusDocumentProblem } from '../adapters/git/status-document.js';
import { createGitRunner } from '../adapters/git/git-runner.js';
import type { CampaignState } from '../domain/campaign-state.js';
import { historyOf, holdOf, type DecisionHistory } from '../domain/decide-campaign.js';
import type { SkillHistory } from '../domain/decide-skills.js';
import type { LiveSkill } from '../domain/live-skill.js';
import type { SkillWrite } from '../domain/plan-skill.js';
import type { SkillGroups } from '../domain/skill-groups.js';
import type { PlanHistory } from '../report/plan-report.js';
import { messageOf } from '../lib/error-message.js';

export interface PlanHistoryRead<H = DecisionHistory> {
  histories: Map<string, H>;
  history: PlanHistory;
}

/** How one kind's status documents are checked (a wrong one is ignored, as the controller ignores it) and read. */
interface HistoryReader<H> {
  problemOf(name: string, document: unknown): string | undefined;
  historyOf(document: unknown): H;
}

const CAMPAIGN_HISTORY: HistoryReader<DecisionHistory> = { problemOf: statusDocumentProblem, historyOf: (document) => historyOf(document as CampaignState) };
const SKILL_HISTORY: HistoryReader<SkillHistory> = {
  problemOf: skillStatusDocumentProblem,
  historyOf: (document) => {
    const state = document as CampaignState<LiveSkill, SkillWrite, SkillGroups>;
    return { lastApplied: state.lastApplied, hold: holdOf(state), verifying: state.verification?.fingerprint };
  },
};

const WITHOUT = 'planned without the last applied state: a campaign changed outside Git may show as heal where the controller updates, and holds are not shown';

/** The checkout's `origin` URL, or undefined when `dir` is not in a git checkout with one. */
async function originOf(dir: string): Promise<string | undefined> {
  try {
    const url = (await createGitRunner({ baseDir: dir, strictExitCode: true }).run(['remote', 'get-url', 'origin'])).trim();
    return url === '' ? undefined : url;
  } catch {
    return undefined;
  }
}

export function readPlanHistory(config: Config, dir: string): Promise<PlanHistoryRead> {
  return readHistory(config, dir, CAMPAIGN_HISTORY);
}

/** The skills' history (CXONE_DIALECT=cxone): the same audit branch, skill status documents. */
export function readSkillPlanHistory(config: Config, dir: string): Promise<PlanHistoryRead<SkillHistory>> {
  return readHistory(config, dir, SKILL_HISTORY);
}

async function readHistory<H>(config: Config, dir: string, reader: HistoryReader<H>): Promise<PlanHistoryRead<H>> {
  const histories = new Map<string, H>();
  const repoUrl = config.git.repoUrl ?? (await originOf(dir));
  if (repoUrl === undefined) {
    return { histories, history: { source: 'none', message: `History: GITOPS_REPO_URL is not set and ${dir} is not a git checkout with an origin: ${WITHOUT}. Set GITOPS_REPO_URL to read the audit branch.` } };
  }
  const branch = config.git.auditBranch;
  try {
    const read = await readAuditStatuses({ repoUrl, branch, access: config.git.access, cwd: config.git.repoUrl === undefined ? dir : undefined });
    const refused: string[] = [];
    for (const [name, document] of read.statuses) {
      const problem = reader.problemOf(name, document);
      if (problem === undefined) histories.set(name, reader.historyOf(document));
      else refused.push(`status/${name}.json: ${problem}`);
    }
    const ignored = refused.length > 0 ? ` Ignored, as the controller ignores them (planned without history): ${refused.join('; ')}.` : '';
    const message = read.branchExists
      ? `History: the audit branch ${branch} of ${read.remote} (${histories.size} campaign${histories.size === 1 ? '' : 's'} with a status).${ignored}`
      : `History: ${read.remote} has no audit branch ${branch} yet (no controller has written): every campaign is planned as never applied.`;
    return { histories, history: { source: 'audit-branch', message } };
  } catch (error) {
    return { histories, history: { source: 'none', message: `History: cannot read the audit branch ${branch} (${messageOf(error)}): ${WITHOUT}.` } };
  }
}
