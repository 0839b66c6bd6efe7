/**
 * One page of the campaigns for `GET /api/status?limit=&cursor=` (docs/architecture.md, "The status
 * API at scale"), with the totals of all of them: at 100,000 campaigns the whole status was 100 MB
 * and took seconds to build, so it is read a page at a time. The cursor is the last name of the
 * previous page (base64url), so a page is stable while campaigns are added or removed elsewhere.
 */
import type { CampaignState } from '../domain/campaign-state.js';
import type { ControllerStatus } from './controller-types.js';
import { indexAfter } from './campaign-states.js';

export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 5000;

export interface StatusPageQuery {
  /** Campaigns per page, 1 to MAX_PAGE_SIZE. Default DEFAULT_PAGE_SIZE. */
  limit?: number;
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor?: string;
}

export interface StatusPageInfo {
  limit: number;
  /** The cursor this page was asked with. */
  cursor?: string;
  /** Ask for this cursor to get the next page; absent on the last page. */
  nextCursor?: string;
}

export interface StatusTotals {
  /** Every managed campaign, not only this page's. */
  campaigns: number;
  /** Managed campaigns per status. */
  byStatus: Record<string, number>;
  /** Managed campaigns reconciled at least once since the start. */
  reconciled: number;
}

/** A query the API refuses, with what to send instead. */
export class StatusPageQueryError extends Error {
  override readonly name = 'StatusPageQueryError';
}

export function encodeCursor(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (name === '' || encodeCursor(name) !== cursor) throw new StatusPageQueryError('cursor is not one this API gave: pass the nextCursor of the previous page, or leave it out for the first page');
  return name;
}

/** Parses the query string's `limit` and `cursor` (strings, as they arrive). */
export function parseStatusPageQuery(limit: string | undefined, cursor: string | undefined): StatusPageQuery {
  const query: StatusPageQuery = {};
  if (limit !== undefined) {
    const value = Number(limit);
    if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) throw new StatusPageQueryError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    query.limit = value;
  }
  if (cursor !== undefined && cursor !== '') {
    decodeCursor(cursor);
    query.cursor = cursor;
  }
  return query;
}

export function totalsOf(states: Iterable<CampaignState>): StatusTotals {
  const totals: StatusTotals = { campaigns: 0, byStatus: {}, reconciled: 0 };
  for (const state of states) {
    totals.campaigns += 1;
    totals.byStatus[state.status] = (totals.byStatus[state.status] ?? 0) + 1;
    if (state.lastReconcileAt !== undefined) totals.reconciled += 1;
  }
  return totals;
}

function pageInfo(query: StatusPageQuery, limit: number, states: readonly CampaignState[], more: boolean): StatusPageInfo {
  return { limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }), ...(more && states.length > 0 ? { nextCursor: encodeCursor(states.at(-1)!.name) } : {}) };
}

/** The page that `query` asks for of `campaigns` (in name order, as `ControllerStatus` holds them). */
export function pageOf(campaigns: readonly CampaignState[], query: StatusPageQuery): { campaigns: CampaignState[]; page: StatusPageInfo } {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const start = query.cursor === undefined ? 0 : indexAfter(campaigns, decodeCursor(query.cursor), (state) => state.name);
  const slice = campaigns.slice(start, start + limit);
  return { campaigns: slice, page: pageInfo(query, limit, slice, start + limit < campaigns.length) };
}

/** States that give a page and the totals without reading every state (`CampaignStates`). */
export interface PagedStates {
  page(after: string | undefined, limit: number): { states: CampaignState[]; more: boolean };
  totals(): StatusTotals;
}

/** The page that `query` asks for, cut from `states` as `pageOf` cuts it from the whole list: only the page's states are read. */
export function pageFrom(states: PagedStates, query: StatusPageQuery): { campaigns: CampaignState[]; page: StatusPageInfo } {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const { states: slice, more } = states.page(query.cursor === undefined ? undefined : decodeCursor(query.cursor), limit);
  return { campaigns: slice, page: pageInfo(query, limit, slice, more) };
}

/** The answer of `GET /api/status`: the controller's status with one page of its campaigns, and the totals of all. */
export type StatusPageAnswer = ControllerStatus & { page: StatusPageInfo; totals: StatusTotals };

/** The answer from the whole status (every campaign's state built); `Controller.statusPage` gives the same from one page. */
export function statusPageOf(status: ControllerStatus, query: StatusPageQuery): StatusPageAnswer {
  const { campaigns, page } = pageOf(status.campaigns, query);
  return { ...status, campaigns, page, totals: totalsOf(status.campaigns) };
}
