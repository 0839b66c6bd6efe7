/**
 * Authentication and discovery of the emulated CXone: `POST /auth/token` (password grant with an
 * access key and HTTP Basic application credentials; refresh tokens), the OpenID Connect discovery
 * document and `/.well-known/cxone-configuration?tenantId=`, every URL pointing at the emulator.
 */
import type { FastifyInstance } from 'fastify';
import type { CxoneEmulatorContext } from './cxone-emulator-context.js';
import { sendCxoneError } from './cxone-errors.js';
import { isPlainObject } from '../settings-validation.js';

export function registerCxoneAuthRoutes(app: FastifyInstance, ctx: CxoneEmulatorContext, baseUrl: () => string): void {
  app.post('/auth/token', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const type = String(request.headers['content-type'] ?? '');
    if (!type.startsWith('application/x-www-form-urlencoded') || !isPlainObject(request.body)) {
      return sendCxoneError(reply, 400, 'invalid_request', 'The token request must be a form (application/x-www-form-urlencoded)');
    }
    const granted = ctx.keys.grant(request.body, request.headers.authorization);
    if (!granted.ok) return sendCxoneError(reply, 400, granted.error, granted.description);
    return granted.body;
  });

  app.get('/.well-known/openid-configuration', async () => {
    const base = baseUrl();
    return {
      issuer: base,
      authorization_endpoint: `${base}/auth/authorize`,
      token_endpoint: `${base}/auth/token`,
      end_session_endpoint: `${base}/auth/logout`,
      claim_types_supported: ['normal'],
      display_values_supported: ['page', 'popup'],
      id_token_signing_alg_values_supported: ['RS256'],
      request_object_signing_alg_values_supported: ['none'],
      response_types_supported: ['code'],
      scopes_supported: ['openid'],
      subject_types_supported: ['public'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    };
  });

  app.get<{ Querystring: { tenantId?: string } }>('/.well-known/cxone-configuration', async (request, reply) => {
    const { tenantId } = request.query;
    if (tenantId === undefined || tenantId === '') return sendCxoneError(reply, 400, 'invalid_request', 'tenantId is required');
    if (tenantId.toLowerCase() !== ctx.tenantId.toLowerCase()) return sendCxoneError(reply, 404, 'NotFound', `No tenant ${tenantId}`);
    const base = baseUrl();
    const host = new URL(base).host;
    return {
      private: false,
      tenantId: ctx.tenantId,
      area: 'na1',
      cluster: 'emulator',
      region: 'na1',
      domain: host,
      acdDomain: host,
      uhDomain: host,
      globaldomain: host,
      ui_endpoint: base,
      auth_endpoint: base,
      api_endpoint: base,
    };
  });
}
