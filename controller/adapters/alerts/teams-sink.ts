/**
 * Microsoft Teams as an alert sink: an incoming-webhook (or Workflows "post to a channel when a
 * webhook request is received") message holding one Adaptive Card — a coloured title, the facts
 * (campaign, team, kind, opened) and the message text (README "Alerts").
 */
import type { AlertPayload } from './alert-message.js';
import type { AlertSink } from './alert-sinks.js';
import { postAlert, sinkName } from './post-alert.js';

interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium';
  color?: 'Attention' | 'Warning' | 'Good';
}
interface FactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
}

export interface TeamsMessage {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: { $schema: string; type: 'AdaptiveCard'; version: '1.4'; body: Array<TextBlock | FactSet>; msteams: { width: 'Full' } };
  }>;
}

/** Adaptive Card text is Markdown: campaign names and reasons are shown as written, never as markup. */
export function escapeTeamsText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (character) => `\\${character}`);
}

const COLOR: Record<AlertPayload['event'], TextBlock['color']> = { opened: 'Attention', reminder: 'Warning', resolved: 'Good', healed: 'Good' };
const TITLE: Record<AlertPayload['event'], string> = { opened: 'Opened', reminder: 'Still open', resolved: 'Resolved', healed: 'Healed' };

/** The Teams message of an incident message. */
export function teamsMessage(payload: AlertPayload): TeamsMessage {
  const facts = [
    { title: 'Campaign', value: payload.campaign },
    { title: 'Team', value: payload.labels.team ?? '—' },
    { title: 'Kind', value: payload.kind },
    { title: 'Opened', value: payload.openedAt },
  ].map((fact) => ({ title: fact.title, value: escapeTeamsText(fact.value) }));
  const lines = payload.text.split('\n').slice(1);
  const body: Array<TextBlock | FactSet> = [
    { type: 'TextBlock', text: escapeTeamsText(payload.event === 'healed' ? payload.text.split('\n')[0]!.replace(/^\S+ healed: /, 'Healed: ') : `${TITLE[payload.event]}: ${payload.summary}`), wrap: true, weight: 'Bolder', size: 'Medium', color: COLOR[payload.event] },
    { type: 'FactSet', facts },
    ...lines.filter((line) => line.trim() !== '').map((line): TextBlock => ({ type: 'TextBlock', text: escapeTeamsText(line), wrap: true })),
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, msteams: { width: 'Full' } },
      },
    ],
  };
}

/** ALERT_TEAMS_WEBHOOK_URL's sink. */
export function teamsSink(url: string): AlertSink {
  const name = sinkName('teams', url);
  return { name, send: (payload) => postAlert(name, url, JSON.stringify(teamsMessage(payload))) };
}
