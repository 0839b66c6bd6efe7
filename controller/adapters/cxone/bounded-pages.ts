/**
 * How many list pages a listing may read: what `total` and the page size make, never what a
 * server's `pageCount` claims beyond that, and never more than `maxPages` (CXONE_MAX_LIST_PAGES).
 * A server that claims a million pages for two campaigns costs one request, not the API budget.
 */
export interface PageFacts {
  entities: readonly unknown[];
  pageSize?: number;
  total?: number;
  pageCount: number;
}

export type PageDecision = { next: true } | { next: false; warning?: string } | { next: false; limit: string };

/** Whether to read page `pageNumber + 1`, having read `pageNumber` pages and `read` entities. */
export function nextPage(page: PageFacts, pageNumber: number, read: number, requestedPageSize: number, maxPages: number): PageDecision {
  const size = Math.max(1, Math.min(requestedPageSize, page.pageSize && page.pageSize > 0 ? page.pageSize : requestedPageSize));
  const total = typeof page.total === 'number' && page.total >= 0 ? page.total : undefined;
  const byTotal = total === undefined ? page.pageCount : Math.ceil(total / size);
  if (byTotal > maxPages) {
    return { next: false, limit: `the list has ${total ?? '?'} entries, ${byTotal} pages of ${size}: over the limit of ${maxPages} pages (CXONE_MAX_LIST_PAGES); listing stopped` };
  }
  if (page.entities.length === 0 || (total !== undefined && read >= total)) {
    return page.pageCount > pageNumber ? { next: false, warning: `pageCount ${page.pageCount} does not match total ${total ?? '?'}: stopped after ${pageNumber} pages` } : { next: false };
  }
  const pages = Math.min(page.pageCount, byTotal);
  if (pageNumber < pages) return { next: true };
  return { next: false };
}
