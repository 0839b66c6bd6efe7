import type { FastifyReply } from 'fastify';

/** Sends the emulated API's error shape: `{ error, message, details? }`. */
export function sendError(reply: FastifyReply, status: number, error: string, message: string, details?: string[]): FastifyReply {
  return reply.code(status).send(details ? { error, message, details } : { error, message });
}

/** True for 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || plain.startsWith('127.');
}
