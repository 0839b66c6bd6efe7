import type { FastifyReply } from 'fastify';

/** Sends the emulated API's error shape: `{ error, message, details? }`. */
export function sendError(reply: FastifyReply, status: number, error: string, message: string, details?: string[]): FastifyReply {
  return reply.code(status).send(details ? { error, message, details } : { error, message });
}
