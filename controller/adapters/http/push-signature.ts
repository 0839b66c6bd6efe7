/**
 * Signed push events for `POST /hooks/git`: GitHub's `X-Hub-Signature-256: sha256=<hex HMAC of the
 * body>` and GitLab's `X-Gitlab-Token: <secret>`, both compared in constant time.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../lib/constant-time-equal.js';

export function verifyPushSignature(secret: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean {
  const github = headers['x-hub-signature-256'];
  if (typeof github === 'string') {
    const expected = `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
    return constantTimeEqual(github, expected);
  }
  const gitlab = headers['x-gitlab-token'];
  if (typeof gitlab === 'string') return constantTimeEqual(gitlab, secret);
  return false;
}
