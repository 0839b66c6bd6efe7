/**
 * What an alert says, in one JSON shape for webhooks and as text for Slack: what happened, for a
 * drift what changed (field, Git value, live value), who changed it and when, what the controller
 * did, and the command that adopts the live value into Git. A heal is one `healed` message (no
 * opened/resolved pair): who changed which field from what to what, and that it was put back.
 */
import type { AlertAction, Incident } from '../../domain/incidents.js';

export interface AlertPayload {
  event: AlertAction['event'];
  kind: string;
  key: string;
  campaign: string;
  campaignId: string;
  labels: Record<string, string>;
  openedAt: string;
  summary: string;
  drift?: {
    fields: Array<{ field: string; git: string | number | boolean; live: string | number | boolean }>;
    modifiedBy?: string;
    dateModified?: string;
    action: string;
    adoptCommand: string;
  };
  text: string;
}

const ICON: Record<AlertAction['event'], string> = { opened: '🔴', reminder: '🟠', resolved: '✅', healed: '✅' };

/** `healed: ui:jane.doe changed solar-leads predictive_factor from -0.1 to 0.05; put back`: the one message of a heal. */
export function healedLine(incident: Incident): string {
  const who = incident.drift?.modifiedBy ?? 'someone outside Git';
  const fields = (incident.drift?.fields ?? []).map((f) => `${f.field.replace(/^parameterWeights\./, '')} from ${String(f.git)} to ${String(f.live)}`);
  return `healed: ${who} changed ${incident.campaign} ${fields.join(', ')}; put back`;
}

/** Who changed it and when, or — where the API reports neither (skills, README "Real CXone") — where to look. */
function changedBy(drift: NonNullable<Incident['drift']>, withAuthor: boolean): string {
  if (drift.modifiedBy === undefined && drift.dateModified === undefined) {
    return "Changed outside Git (CXone's API does not say who or when: see CXone's Change Audit Report, under Reporting)";
  }
  const by = withAuthor && drift.modifiedBy ? ` by ${drift.modifiedBy}` : '';
  return `Changed${by}${drift.dateModified ? ` at ${drift.dateModified}` : ''}`;
}

export function alertPayload({ event, incident }: AlertAction): AlertPayload {
  const lines: string[] = [];
  const verb = event === 'opened' ? '' : event === 'reminder' ? 'Still open: ' : 'Resolved: ';
  lines.push(event === 'healed' ? `${ICON[event]} ${healedLine(incident)}` : `${ICON[event]} ${verb}${incident.summary}`);
  let drift: AlertPayload['drift'];
  if (incident.drift && event === 'healed') {
    const adoptCommand = `cxone-gitops adopt ${incident.campaign} <desired-state dir>`;
    drift = { ...incident.drift, adoptCommand };
    lines.push(`${changedBy(incident.drift, false)}; the controller put Git's settings back (sync.policy enforce). To keep the live value instead, run \`${adoptCommand}\` and open a pull request.`);
  } else if (incident.drift) {
    const adoptCommand = `cxone-gitops adopt ${incident.campaign} <desired-state dir>`;
    drift = { ...incident.drift, adoptCommand };
    lines.push(`${changedBy(incident.drift, true)}:`);
    for (const field of incident.drift.fields) lines.push(`  ${field.field}: Git ${String(field.git)}, live ${String(field.live)}`);
    const did =
      event === 'resolved'
        ? incident.drift.action === 'healed'
          ? "The controller put Git's settings back (sync.policy enforce)."
          : 'Live matches Git again.'
        : incident.drift.action === 'observe only'
          ? 'sync.policy is observe: the controller only reports it.'
          : incident.drift.action === 'healed'
            ? "The controller put Git's settings back (sync.policy enforce)."
            : "The controller is putting Git's settings back (sync.policy enforce).";
    lines.push(did);
    if (event !== 'resolved' || incident.drift.action === 'healed') lines.push(`To keep the live value instead, run \`${adoptCommand}\` and open a pull request.`);
  }
  return {
    event,
    kind: incident.kind,
    key: incident.key,
    campaign: incident.campaign,
    campaignId: incident.campaignId,
    labels: incident.labels,
    openedAt: incident.openedAt,
    summary: incident.summary,
    ...(drift ? { drift } : {}),
    text: lines.join('\n'),
  };
}
