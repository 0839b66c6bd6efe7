/**
 * The etcd keys of one (desired-state repository, CXone client id) pair: one election and one set
 * of PUT intents per pair, so controllers of other repositories or clients never compete. The
 * repository URL is taken without credentials (two tokens for one repository are one repository)
 * and hashed, so no URL or token is ever stored in etcd.
 */
import { createHash } from 'node:crypto';
import { redactUrl } from '../git/redact-url.js';

export interface ElectionKeys {
  /** Candidate keys of the election, `<election><lease id>`. */
  election: string;
  /** PUT intents of the leader, `<intents><record id>`. */
  intents: string;
  /** The hashed pair, shown in logs. */
  id: string;
}

export function electionKeys(repoUrl: string, clientId: string): ElectionKeys {
  const repository = redactUrl(repoUrl.trim()).replace(/\/+$/, '').replace(/\.git$/, '');
  const id = createHash('sha256').update(`${repository}\n${clientId}`).digest('hex').slice(0, 24);
  return { election: `/cxone-gitops/${id}/leader/`, intents: `/cxone-gitops/${id}/intents/`, id };
}
