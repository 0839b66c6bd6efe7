/**
 * The demo's verdict lines: every verified (or rolled-back) apply printed once in the demo's
 * terminal with what the local gate predicted beside what CXone's verification found (README,
 * "Quick start"). It reads the controller's own `/api/status` on loopback, as a user could.
 */
import type { CampaignState } from '../../controller/domain/campaign-state.js';
import { unrefTimer } from '../../controller/lib/timer.js';
import type { DialectCapabilities } from '../../controller/reconcile/dialect.js';
import { whenNamed } from '../../controller/reconcile/version-names.js';
import { gateBesideVerification, gateBesideVerificationText } from '../../controller/report/gate-beside-verification.js';

const OUTCOMES: Partial<Record<CampaignState['status'], string>> = { Synced: 'verified', RolledBack: 'rolled back', Paused: 'paused', Failed: 'failed' };

type Names = Pick<DialectCapabilities, 'namesVersions'>;

/** The lines of verdicts not printed yet (`seen` remembers them), one per campaign whose apply CXone judged; `(now vN)` where the dialect names versions. */
export function newVerdictLines(campaigns: readonly CampaignState[], seen: Set<string>, names: Names): string[] {
  const lines: string[] = [];
  for (const state of campaigns) {
    // Only a verdict is said: a status in between (a drift seen after the verdict, a new apply)
    // waits, unmarked, so the verdict is still said once the campaign shows it.
    const outcome = OUTCOMES[state.status];
    const pair = gateBesideVerification(state);
    if (!outcome || !pair?.verified) continue;
    const key = `${state.name}@${pair.verified.at}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const what = state.statusReason === 'Healed' ? 'heal' : 'apply';
    const now = state.liveVersion === undefined ? '' : whenNamed(names, () => ` (now v${state.liveVersion})`);
    lines.push(`${what} ${outcome}: ${state.name}${now}: ${gateBesideVerificationText(pair)}`);
  }
  return lines;
}

export interface VerdictWatch {
  stop(): void;
}

/** Reads `statusUrl` every `everyMs` and prints each new verdict line; a failed read is tried again. */
export function watchVerdicts(statusUrl: string, print: (line: string) => void, names: Names, everyMs = 1000): VerdictWatch {
  const seen = new Set<string>();
  let cancel: (() => void) | undefined;
  let stopped = false;
  const poll = async (): Promise<void> => {
    try {
      const answer = await fetch(statusUrl, { headers: { accept: 'application/json' } });
      if (answer.ok) for (const line of newVerdictLines(((await answer.json()) as { campaigns: CampaignState[] }).campaigns, seen, names)) print(line);
    } catch {
      // The controller is stopping or busy: the next read says what this one missed.
    }
    if (!stopped) cancel = unrefTimer(() => void poll(), everyMs);
  };
  void poll();
  return {
    stop() {
      stopped = true;
      cancel?.();
    },
  };
}
