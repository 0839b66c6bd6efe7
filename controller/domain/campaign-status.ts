/** The status of a managed campaign (README, "The controller"), shown by plan, the status API, metrics and the dashboard. */
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
  /** An accepted apply waits for its verdict (a resumed verification, or a live analysis still watching). */
  'Verifying',
] as const;

export type CampaignStatusName = (typeof CAMPAIGN_STATUSES)[number];
