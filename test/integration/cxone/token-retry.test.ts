import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import { createCxoneClient } from '../../../controller/adapters/cxone/cxone-client.js';
import { isTransientError } from '../../../controller/domain/errors.js';

describe('the CXone token exchange is retried by one layer', () => {
  let server: Server;
  let tokenRequests = 0;
  let url: string;

  before(async () => {
    server = createServer((request, response) => {
      if (request.url?.startsWith('/api/v2/oauth/token')) tokenRequests += 1;
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (tokenRequests = 0));

  it('asks a failing token endpoint retries + 1 times for one call, not (retries + 1) squared', async () => {
    const client = createCxoneClient({ baseUrl: url, clientId: 'c', clientSecret: 's', ratePerMinute: 0, minBackoffMs: 1, retries: 2, circuit: { failureThreshold: 1000 } });
    const error = await client.listCampaigns().then(() => undefined, (caught: unknown) => caught);
    expect(isTransientError(error), String(error)).to.equal(true);
    expect(tokenRequests).to.equal(3);
  });

  it('retries the start-up authentication the same number of times', async () => {
    const client = createCxoneClient({ baseUrl: url, clientId: 'c', clientSecret: 's', ratePerMinute: 0, minBackoffMs: 1, retries: 2, circuit: { failureThreshold: 1000 } });
    await client.authenticate().catch(() => undefined);
    expect(tokenRequests).to.equal(3);
  });
});
