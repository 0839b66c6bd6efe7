/**
 * The audit record of the campaigns a loaded revision made invalid (docs/architecture.md, "Audit
 * commits"): one record per cause — the revision — however many files it broke, naming each
 * campaign with its diagnostics and carrying each one's status document, so 300 broken files are
 * one record in one commit, and each campaign's history still finds its part (`recordForCampaign`).
 * A revision that breaks one campaign's file gives that campaign's own record, as before.
 */
import type { AuditRecord, AuditStatus } from '../domain/audit-record.js';
import type { CampaignState } from '../domain/campaign-state.js';
import type { Diagnostic } from '../domain/diagnostic.js';

export interface InvalidCampaign {
  state: CampaignState;
  diagnostics: readonly Diagnostic[];
}

/** `path:line:column: message; …`, the reason an Invalid status shows. */
export function invalidReason(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.path}:${d.line}:${d.column}: ${d.message}`).join('; ');
}

/** The one record (and the status documents, in order) for the campaigns `revision` made invalid; undefined for none. */
export function invalidRecord(invalid: readonly InvalidCampaign[], revision: string, id: string, time: string): { record: AuditRecord; statuses: AuditStatus[] } | undefined {
  if (invalid.length === 0) return undefined;
  const statuses = invalid.map(({ state }) => ({ name: state.name, document: state }));
  if (invalid.length === 1) {
    const { state, diagnostics } = invalid[0]!;
    return { record: { id, time, campaign: state.name, campaignId: state.campaignId, outcome: 'invalid', desiredRevision: revision, reason: invalidReason(diagnostics) }, statuses };
  }
  const campaigns = invalid.map(({ state, diagnostics }) => ({ name: state.name, campaignId: state.campaignId, path: state.path, reason: invalidReason(diagnostics) }));
  const reason = `${invalid.length} campaigns' files are invalid at this revision: nothing is applied to them until they are fixed (each is listed in campaigns)`;
  return { record: { id, time, campaign: '*', campaignId: '*', outcome: 'invalid', desiredRevision: revision, reason, campaigns }, statuses };
}
