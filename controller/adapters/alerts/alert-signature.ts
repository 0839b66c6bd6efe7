/**
 * Signatures of the generic alert webhook: `X-CXone-GitOps-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">` with `X-CXone-GitOps-Timestamp: <unix seconds>`, so a receiver can check
 * the sender and reject replays (an old timestamp, or a signature it has seen).
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../lib/constant-time-equal.js';

export const SIGNATURE_HEADER = 'x-cxone-gitops-signature';
export const TIMESTAMP_HEADER = 'x-cxone-gitops-timestamp';

export function signAlert(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A receiver's check: the signature matches and the timestamp is within `toleranceSeconds` (default 300). */
export function verifyAlertSignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): { valid: boolean; reason?: string } {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return { valid: false, reason: 'missing signature or timestamp' };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return { valid: false, reason: 'timestamp too old or in the future (replay?)' };
  if (!constantTimeEqual(headers.signature, signAlert(secret, timestamp, body))) return { valid: false, reason: 'bad signature' };
  return { valid: true };
}
