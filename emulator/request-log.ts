/** The emulator's request log, read by tests and demos through `GET /emulator/requests`. */
import type { RequestLogEntry } from './types.js';

const MAX_ENTRIES = 200_000;

export interface RequestLogQuery {
  /** Only entries with a sequence number above this. */
  since?: number;
  method?: string;
  /** Only entries whose path starts with this. */
  pathPrefix?: string;
  limit?: number;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  get lastSeq(): number {
    return this.seq;
  }

  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, ...entry });
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES / 2);
  }

  clear(): void {
    this.entries = [];
  }

  query({ since = 0, method, pathPrefix, limit = 10_000 }: RequestLogQuery): RequestLogEntry[] {
    const result: RequestLogEntry[] = [];
    for (const entry of this.entries) {
      if (entry.seq <= since) continue;
      if (method && entry.method !== method.toUpperCase()) continue;
      if (pathPrefix && !entry.path.startsWith(pathPrefix)) continue;
      result.push(entry);
      if (result.length >= limit) break;
    }
    return result;
  }
}
