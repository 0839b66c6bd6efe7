import type { FastifyReply } from 'fastify';

/** The real API's error body: `{ error, error_description }`. */
export function sendCxoneError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).send({ error, error_description: description });
}
