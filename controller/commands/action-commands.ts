/**
 * `cxone-gitops resume|retry|sync NAME` (README, "Manual actions"): asks a running controller
 * for a manual action through `POST /api/campaigns/{name}/actions/{action}` with the bearer token
 * from `HTTP_AUTH_TOKEN` (never a flag, so it is not in the process list). Prints what the
 * controller answered; exit code 0 when the action was taken, 1 when it was refused or failed.
 */
import type { Command } from 'commander';
import os from 'node:os';
import { sendOutbound } from '../adapters/outbound/outbound-http.js';
import type { ManualAction } from '../reconcile/manual-actions.js';

interface ActionOptions {
  url?: string;
  actor?: string;
  reason?: string;
  force?: boolean;
  wait: string;
}

const DESCRIPTIONS: Record<ManualAction, string> = {
  resume: 'release a held campaign (Paused, Failed, RolledBack, gate-Blocked): its live apply is verified again, or it is planned again through the sync window and the local gate',
  retry: 'run the verification of a held campaign\'s live apply again (Paused or Failed)',
  sync: 'reconcile a campaign now; inside a deny sync window only with --force and --reason',
};

/** The controller's URL: --url, CXONE_GITOPS_URL, or loopback at HTTP_PORT (default 8080). */
export function controllerUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return (flag ?? env.CXONE_GITOPS_URL ?? `http://127.0.0.1:${env.HTTP_PORT ?? '8080'}`).replace(/\/+$/, '');
}

function defaultActor(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
}

/** Sends the action; returns the line to print and whether it was taken. */
export async function requestAction(action: ManualAction, name: string, options: ActionOptions, env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; text: string }> {
  const token = env.HTTP_AUTH_TOKEN;
  if (!token) return { ok: false, text: `${action} needs the controller's HTTP_AUTH_TOKEN in the environment (it is sent as a bearer token)` };
  const wait = Number(options.wait);
  if (!Number.isInteger(wait) || wait < 0 || wait > 300) return { ok: false, text: `--wait must be a whole number of seconds from 0 to 300, not ${options.wait}` };
  const base = controllerUrl(options.url, env);
  const body = JSON.stringify({ actor: options.actor ?? defaultActor(), reason: options.reason, force: options.force, wait });
  let response;
  try {
    response = await sendOutbound({ method: 'POST', url: `${base}/api/campaigns/${encodeURIComponent(name)}/actions/${action}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body, timeoutMs: (wait + 30) * 1000, maxBodyBytes: 1024 * 1024 });
  } catch (error) {
    return { ok: false, text: `cannot reach the controller at ${base}: ${error instanceof Error ? error.message : String(error)} (set --url or CXONE_GITOPS_URL)` };
  }
  let answer: Record<string, unknown> = {};
  try {
    answer = JSON.parse(response.text) as Record<string, unknown>;
  } catch {
    // not JSON: the status says enough
  }
  if (response.status === 200 || response.status === 202) {
    const state = `${String(answer.status)} (${String(answer.statusReason)}): ${String(answer.reason)}`;
    return { ok: true, text: `${action} ${name}: taken (audit record ${String(answer.record)}); ${response.status === 200 ? `now ${state}` : `still reconciling, so far ${state}`}` };
  }
  return { ok: false, text: `${action} ${name} refused (HTTP ${response.status}): ${typeof answer.message === 'string' ? answer.message : response.text.slice(0, 500)}` };
}

export function registerActionCommands(program: Command): void {
  for (const action of ['resume', 'retry', 'sync'] as const) {
    const command = program
      .command(action)
      .description(DESCRIPTIONS[action])
      .argument('<name>', 'the campaign name')
      .option('--reason <text>', 'why (recorded on the audit branch; required with --force)')
      .option('--actor <name>', 'who asks (recorded on the audit branch)', undefined)
      .option('--url <url>', 'the controller, default CXONE_GITOPS_URL or http://127.0.0.1:$HTTP_PORT')
      .option('--wait <seconds>', 'how long to wait for the reconcile that takes the action', '20');
    if (action === 'sync') command.option('--force', 'reconcile inside a deny sync window (needs --reason)');
    command.action(async (name: string, options: ActionOptions) => {
      const { ok, text } = await requestAction(action, name, options);
      (ok ? process.stdout : process.stderr).write(`${ok ? '' : 'cxone-gitops: '}${text}\n`);
      if (!ok) process.exitCode = 1;
    });
  }
}
