/** The status of a managed campaign (DESIGN section 4), shown by plan, the status API, metrics and the dashboard. */
export const CAMPAIGN_STATUSES = [
  'Synced',
  'OutOfSync',
  'Drifted',
  'Invalid',
  'Blocked',
  'Suspended',
  'Failed',
  'RolledBack',
  'Paused',
] as const;

export type CampaignStatusName = (typeof CAMPAIGN_STATUSES)[number];
