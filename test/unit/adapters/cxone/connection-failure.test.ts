/**
 * A URL whose port fetch refuses to connect to ("bad port": 1, 6000, 6665–6669 … of the Fetch
 * standard's list) is a configuration error, not a failed connection to retry (README, "Real
 * CXone"): the configuration refuses such a CXONE_DOMAIN, and a URL the client only learns later
 * (the API endpoint tenant discovery returns) stalls naming the port. No socket is ever opened:
 * fetch refuses before it connects.
 */
import { expect } from 'chai';
import { sendRequest } from '../../../../controller/adapters/cxone/http-transport.js';
import { isStalledError } from '../../../../controller/domain/errors.js';
import { FETCH_BAD_PORTS } from '../../../../controller/adapters/outbound/fetch-bad-ports.js';

const site = { method: 'GET', path: '/incontactapi/services/v34.0/skills/parameters' };

async function failureOf(url: string): Promise<Error> {
  try {
    await sendRequest({ method: 'GET', url, headers: {}, timeoutMs: 5_000 }, site);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${url} answered`);
}

describe('a CXone URL on a port fetch refuses to connect to', () => {
  it('stalls (needs a human, never retried) naming the host, the port and what to do, instead of "connection failed (bad port)" retried with backoff', async () => {
    const error = await failureOf('https://127.0.0.1:6000/incontactapi/services/v34.0/skills/parameters');
    expect(isStalledError(error), `${error.name}: ${error.message}`).to.equal(true);
    expect(error.message).to.not.include('connection failed').and.not.include('retried');
    expect(error.message).to.equal(
      'cannot connect to 127.0.0.1:6000 for GET /incontactapi/services/v34.0/skills/parameters: port 6000 is a port fetch refuses to connect to ("bad port"); retrying cannot help: use the API\'s HTTPS port (443 when none is given) in CXONE_DOMAIN (CXONE_AUTH_URL for the cxone dialect\'s sign-in), or start the emulator on another port (--port 0 picks a free one)',
    );
  });

  it('knows the same ports as the fetch of this Node.js: each listed port is refused before any connection', async () => {
    for (const port of FETCH_BAD_PORTS) {
      const error = await failureOf(`http://127.0.0.1:${port}/`);
      expect(error.message, `port ${port}`).to.include(`port ${port} is a port fetch refuses`);
    }
  });
});
