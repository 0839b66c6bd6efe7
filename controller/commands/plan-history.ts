/**
 * The history `plan` decides with (I5 in docs/architecture.md): the status documents on the audit
 * branch of GITOPS_REPO_URL, or of the desired-state checkout's `origin` when that is not set —
 * the last applied state, holds and pending verifications the controller decides with. When
 * neither can be read, `plan` says so and plans every campaign as one the controller never saw.
 */
import type { Config } from '../config.js';
import { readAuditStatuses } from '../adapters/git/audit-status-reader.js';
import { statusDocumentProblem } from '../adapters/git/status-document.js';
import { createGitRunner } from '../adapters/git/git-runner.js';
import type { CampaignState } from '../domain/campaign-state.js';
import { historyOf, type DecisionHistory } from '../domain/decide-campaign.js';
import type { PlanHistory } from '../report/plan-report.js';

export interface PlanHistoryRead {
  histories: Map<string, DecisionHistory>;
  history: PlanHistory;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
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

export async function readPlanHistory(config: Config, dir: string): Promise<PlanHistoryRead> {
  const histories = new Map<string, DecisionHistory>();
  const repoUrl = config.git.repoUrl ?? (await originOf(dir));
  if (repoUrl === undefined) {
    return { histories, history: { source: 'none', message: `History: GITOPS_REPO_URL is not set and ${dir} is not a git checkout with an origin: ${WITHOUT}. Set GITOPS_REPO_URL to read the audit branch.` } };
  }
  const branch = config.git.auditBranch;
  try {
    const read = await readAuditStatuses({ repoUrl, branch, access: config.git.access, cwd: config.git.repoUrl === undefined ? dir : undefined });
    const refused: string[] = [];
    for (const [name, document] of read.statuses) {
      const problem = statusDocumentProblem(name, document);
      if (problem === undefined) histories.set(name, historyOf(document as CampaignState));
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
