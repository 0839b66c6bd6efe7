/**
 * Rule 4 of the README's "Desired-state files", repository-wide: campaign names and campaign ids are unique. Every
 * file that shares a name or an id is rejected (the controller cannot tell which one is meant), each
 * with a message naming the others.
 */
import type { SourcePosition } from './diagnostic.js';
import { errorAt } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';

/** A campaign file's claim on a name and an id. */
export interface CampaignClaim {
  path: string;
  name: string;
  campaignId: string;
  namePosition: SourcePosition;
  campaignIdPosition: SourcePosition;
  /** The id's field, for the message. Default `metadata.campaignId`. */
  idField?: string;
  /** What the id names. Default `CXone campaign`. */
  idNoun?: string;
}

function groupBy(claims: readonly CampaignClaim[], key: (claim: CampaignClaim) => string): CampaignClaim[][] {
  const groups = new Map<string, CampaignClaim[]>();
  for (const claim of claims) {
    const group = groups.get(key(claim));
    if (group === undefined) groups.set(key(claim), [claim]);
    else group.push(claim);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

function others(group: readonly CampaignClaim[], claim: CampaignClaim, position: (claim: CampaignClaim) => SourcePosition): string {
  return group
    .filter((other) => other !== claim)
    .map((other) => `${other.path}:${position(other).line}:${position(other).column}`)
    .join(', ');
}

/** Diagnostics for every claim on a name or an id that another file also claims. */
export function checkUniqueness(claims: readonly CampaignClaim[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const group of groupBy(claims, (claim) => claim.name)) {
    for (const claim of group) {
      const message = `metadata.name "${claim.name}" is also used by ${others(group, claim, (each) => each.namePosition)}: give each campaign a name of its own`;
      diagnostics.push(errorAt(claim.path, claim.namePosition, message, 'unique-name'));
    }
  }
  for (const group of groupBy(claims, (claim) => `${claim.idField ?? ''}\u0000${claim.campaignId.toLowerCase()}`)) {
    for (const claim of group) {
      const message =
        `${claim.idField ?? 'metadata.campaignId'} "${claim.campaignId}" is also managed by ${others(group, claim, (each) => each.campaignIdPosition)}: ` +
        `a ${claim.idNoun ?? 'CXone campaign'} is managed by one file only; remove or correct one of them`;
      diagnostics.push(errorAt(claim.path, claim.campaignIdPosition, message, 'unique-campaign-id'));
    }
  }
  return diagnostics;
}
