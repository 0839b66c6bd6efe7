import { expect } from 'chai';
import Fastify from 'fastify';

// package.json no longer pins light-my-request (fastify's inject): its newest release, and its
// cookie@2 (engines node >= 22), must work on every Node the README supports, 20 included.
describe("fastify's inject (light-my-request) on this Node", () => {
  it('injects a request with a body and cookies and reads the reply and its set-cookie', async () => {
    const app = Fastify({ logger: false });
    app.post('/echo', async (request, reply) => {
      reply.header('set-cookie', 'session=abc; Path=/; HttpOnly');
      return { body: request.body, cookie: request.headers.cookie };
    });
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 }, cookies: { csrf: 'x y' } });
    expect(response.statusCode).to.equal(200);
    expect(response.json()).to.deep.equal({ body: { a: 1 }, cookie: 'csrf=x%20y' });
    expect(response.cookies).to.deep.equal([{ name: 'session', value: 'abc', path: '/', httpOnly: true }]);
    await app.close();
  });
});
