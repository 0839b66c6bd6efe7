/**
 * The desired-state repositories of the controller benchmarks: one generated campaign per file
 * (as the emulator holds it, so it is in sync), committed and pushed to a bare local remote.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { StatusPageAnswer } from '../../controller/reconcile/status-page.js';
import type { Weights } from '../../controller/simulation/types.js';
import { createGitRunner } from '../../controller/adapters/git/git-runner.js';

/**
 * git for seeding: `git add` of 100,000 files prints nothing for minutes on a loaded machine, longer
 * than the runner's default idle limit; and no automatic gc, which the commit of 100,000 loose
 * objects starts in the background, still writing into `.git/objects` while the bench removes it
 * (the ENOTEMPTY that hid the 100k run's real failure).
 */
async function git(cwd: string, ...args: string[]): Promise<string> {
  return (
    await createGitRunner({ baseDir: cwd, isolateConfig: true, strictExitCode: true, remoteReadAttempts: 1, idleTimeoutMs: 3_600_000, config: ['gc.auto=0', 'maintenance.auto=false'] }).run(args)
  ).trim();
}

export type CampaignBody = Record<string, unknown> & { id: string; name: string; predictiveDialerSettings: Record<string, unknown>; operatingProfile: Record<string, number> };

/** The example policy without its Monday-morning deny window, so the figures do not depend on the day. */
export const POLICY = 'apiVersion: cxone-gitops/v1\nkind: ControllerPolicy\nspec:\n  sync:\n    policy: enforce\n';
export const AUDIT_BRANCH = 'cxone-gitops/audit';

/** The desired-state document of a campaign as the emulator holds it (so it is in sync), with `weights` if given. */
export function documentFor(campaign: CampaignBody, weights?: Weights): string {
  const settings = campaign.predictiveDialerSettings;
  return stringify({
    apiVersion: 'cxone-gitops/v1',
    kind: 'CampaignWeights',
    metadata: { name: campaign.name, campaignId: campaign.id, labels: { team: campaign.name.split('-')[0] } },
    spec: { ...settings, ...(weights ? { parameterWeights: weights } : {}), sync: { policy: 'enforce' }, simulation: { profile: campaign.operatingProfile } },
  });
}

export function fileOf(work: string, campaign: CampaignBody, index: number): string {
  return path.join(work, `team-${index % 20}`, `${campaign.name}.yaml`);
}

export async function commit(work: string, message: string): Promise<void> {
  await git(work, '-c', 'user.name=Engineer', '-c', 'user.email=engineer@example.com', 'commit', '--quiet', '-m', message);
}

/** Writes one file per campaign and the policy into `work`, commits, and pushes to a new bare `remote`. */
export async function seedRepository(work: string, remote: string, campaigns: CampaignBody[]): Promise<void> {
  await mkdir(work, { recursive: true });
  await writeFile(path.join(work, 'cxone-gitops.yaml'), POLICY);
  for (let i = 0; i < campaigns.length; i += 500) {
    await Promise.all(
      campaigns.slice(i, i + 500).map(async (campaign, offset) => {
        const file = fileOf(work, campaign, i + offset);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, documentFor(campaign));
      }),
    );
  }
  await git(work, 'init', '--quiet', '--initial-branch=main');
  await git(work, 'add', '-A');
  await commit(work, `Seed ${campaigns.length} campaigns`);
  await git(path.dirname(remote), 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  await git(work, 'remote', 'add', 'origin', remote);
  await git(work, 'push', '--quiet', 'origin', 'main');
}

/** Every campaign reconciled at least once and nothing queued or running (from the totals of `/api/status`): the startup sweep is over. */
export function startupDone(status: StatusPageAnswer, campaigns: number): boolean {
  return status.totals.campaigns === campaigns && status.totals.reconciled === campaigns && status.queue.queued === 0 && status.queue.running === 0;
}

/** The startup sweep is over and every audit record it wrote is on the audit branch. */
export function settled(status: StatusPageAnswer, campaigns: number): boolean {
  return startupDone(status, campaigns) && status.auditPending === 0;
}
