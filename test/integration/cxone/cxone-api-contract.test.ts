/**
 * The contract of the real dialect: every request the client sends and every answer the emulator
 * gives, checked against the project's own schemas of the API (schemas/cxone-api.schema.json, in
 * their strict reading), and those schemas' field names against NICE's published OpenAPI subset
 * when it sits beside the repository (../shared/reference/, as in CI).
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readCxoneApiSchema, strictCxoneApi, describeApiErrors, type CxoneApiSchemaName } from '../../../controller/adapters/cxone/cxone-api-schemas.js';
import { createCxoneSkillsClient } from '../../../controller/adapters/cxone/cxone-skills-client.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_APPLICATION, startCxoneEmulator, type RunningCxoneEmulator } from '../../../emulator/cxone/cxone-emulator-server.js';
import { createSelfSignedCertificate } from '../../../emulator/tls-certificate.js';
import { httpsFetch, type Exchange } from '../../support/https-fetch.js';
import { REPO_ROOT } from '../../support/spawn-cli.js';

type Json = Record<string, unknown>;

/** Which of our schemas a request body and a 2xx answer must match, by method and path. */
function schemasOf(exchange: Exchange): { request?: CxoneApiSchemaName; response?: CxoneApiSchemaName } {
  const { pathname } = new URL(exchange.url);
  const route = pathname.replace(/^\/inContactAPI\/services\/v\d+\.0/i, '').replace(/\/skills\/\d+/, '/skills/{id}');
  const grant = exchange.requestBody === undefined ? undefined : new URLSearchParams(exchange.requestBody).get('grant_type');
  const table: Record<string, { request?: CxoneApiSchemaName; response?: CxoneApiSchemaName }> = {
    'POST /auth/token': { request: grant === 'refresh_token' ? 'tokenRefreshRequest' : 'tokenPasswordRequest', response: 'tokenResponse' },
    'GET /.well-known/openid-configuration': { response: 'oidcDiscovery' },
    'GET /.well-known/cxone-configuration': { response: 'cxoneConfiguration' },
    'GET /skills': { response: 'skillsPage' },
    'GET /skills/parameters': { response: 'skillsParameters' },
    'GET /skills/{id}/parameters': { response: 'skillParameters' },
    'GET /skills/{id}/parameters/general-settings': { response: 'generalSettingsGet' },
    'PUT /skills/{id}/parameters/general-settings': { request: 'generalSettingsPut' },
    'GET /skills/{id}/parameters/cpa-management': { response: 'cpaManagementGet' },
    'PUT /skills/{id}/parameters/cpa-management': { request: 'cpaManagementPut' },
    'GET /skills/{id}/parameters/retry-settings': { response: 'retrySettingsGet' },
    'PUT /skills/{id}/parameters/retry-settings': { request: 'retrySettingsPut' },
  };
  const found = table[`${exchange.method} ${route}`];
  if (!found) throw new Error(`the client called ${exchange.method} ${route}, which the contract test does not know: add it to the table`);
  return found;
}

function check(name: CxoneApiSchemaName, value: unknown, what: string): void {
  const validate = strictCxoneApi()[name];
  expect(validate(value), `${what} against ${name}: ${describeApiErrors(validate).join('; ')}`).to.equal(true);
}

describe('the real-CXone API contract (our schemas, the client, the emulator)', () => {
  let emulator: RunningCxoneEmulator;
  const exchanges: Exchange[] = [];

  before(async () => {
    const tls = await createSelfSignedCertificate();
    emulator = await startCxoneEmulator({ tls, rateLimitPerMinute: 0, tokenTtlSeconds: 3600, skills: [{ skillId: 31, skillName: 'a', cpaSettings: { exceptions: [{ ansMachineDetMode: 1, attempt_No: 2 }] } }, { skillId: 32, skillName: 'b', isOutbound: false }] });
    const client = createCxoneSkillsClient({
      authUrl: emulator.url,
      clientId: DEFAULT_APPLICATION.clientId,
      clientSecret: DEFAULT_APPLICATION.clientSecret,
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
      accessKeySecret: DEFAULT_ACCESS_KEY.accessKeySecret,
      fetch: httpsFetch(tls.cert, (exchange) => exchanges.push(exchange)),
      pageSize: 1,
    });
    await client.listSkills();
    for (const group of ['generalSettings', 'cpaSettings', 'retrySettings'] as const) {
      const fields = await client.readGroup(31, group);
      await client.putGroup(31, group, fields);
    }
    emulator.context.keys.expireAccessTokens();
    await client.getSkillParameters(31);
    await client.getSkillParameters(404).catch(() => undefined);
  });
  after(() => emulator.close());

  it('sends only requests our schemas accept, with Accept: application/json on every API call', () => {
    expect(exchanges.length).to.be.greaterThan(10);
    for (const exchange of exchanges) {
      const { request } = schemasOf(exchange);
      if (exchange.url.includes('/inContactAPI/')) expect(exchange.requestHeaders.accept, exchange.url).to.equal('application/json');
      if (request === undefined) continue;
      const body = request.startsWith('token') ? Object.fromEntries(new URLSearchParams(exchange.requestBody ?? '')) : (JSON.parse(exchange.requestBody ?? 'null') as unknown);
      check(request, body, `${exchange.method} ${exchange.url}`);
    }
    expect(exchanges.some((exchange) => exchange.requestBody?.includes('grant_type=refresh_token'))).to.equal(true);
  });

  it('gets only answers our schemas accept: 2xx by endpoint, every error as {error, error_description}', () => {
    for (const exchange of exchanges) {
      const body = exchange.responseBody === '' ? undefined : (JSON.parse(exchange.responseBody) as unknown);
      if (exchange.status >= 400) {
        check(exchange.url.endsWith('/auth/token') ? 'tokenError' : 'error', body, `${exchange.status} of ${exchange.method} ${exchange.url}`);
        continue;
      }
      const { response } = schemasOf(exchange);
      if (response !== undefined) check(response, body, `${exchange.method} ${exchange.url}`);
    }
    expect(exchanges.map((exchange) => exchange.status)).to.include.members([401, 404]);
  });

  it('names exactly the fields of NICE\'s published OpenAPI subset (when ../shared/reference is beside the repository)', function () {
    const file = path.join(REPO_ROOT, '..', 'shared', 'reference', 'cxone-acd-subset.openapi.yaml');
    if (!existsSync(file)) this.skip();
    const published = parse(readFileSync(file, 'utf8')) as Json;
    const paths = published.paths as Record<string, Record<string, Json>>;
    const components = (published.components as Json).schemas as Record<string, Json>;
    const base = '/inContactAPI/services/v34.0/skills';
    const props = (schema: unknown): string[] => Object.keys(((schema as Json).properties ?? {}) as Json).sort();
    const body = (operation: Json): Json => (((operation.requestBody as Json).content as Json)['application/json'] as Json).schema as Json;
    const answer = (operation: Json): Json => ((((operation.responses as Json)['200'] as Json).content as Json)['application/json'] as Json).schema as Json;
    const ours = readCxoneApiSchema().$defs as Record<string, Json>;
    const at = (name: string, ...keys: string[]): Json => keys.reduce<Json>((node, key) => (node.properties as Json)[key] as Json, ours[name]!);
    const listing = ((answer(paths[`${base}/parameters`]!.get!).properties as Json).skills as Json).items as Json;
    const pairs: Array<[string, string[], string[]]> = [
      ['general-settings PUT', props(at('generalSettingsPut', 'generalSettings')), props((components.admin_admin_skills_api_docs__UpdateSkillGenral!.properties as Json).generalSettings)],
      ['general-settings GET', props(ours.generalSettingsGet), props(components.admin_admin_skills_api_docs__GetOutBoundSkillSettingsResponse)],
      ['cpa-management PUT', props(at('cpaManagementPut', 'cpaSettings')), props((body(paths[`${base}/{skillId}/parameters/cpa-management`]!.put!).properties as Json).cpaSettings)],
      ['cpa-management GET', props(ours.cpaManagementGet), props(answer(paths[`${base}/{skillId}/parameters/cpa-management`]!.get!))],
      ['retry-settings PUT', props(at('retrySettingsPut', 'retrySettings')), props((body(paths[`${base}/{skillId}/parameters/retry-settings`]!.put!).properties as Json).retrySettings)],
      ['skills/parameters entry', props(ours.skillParameters), props(listing)],
      ['skills/parameters generalSettings', props(at('skillParameters', 'generalSettings')), props((listing.properties as Json).generalSettings)],
      ['skills/parameters cpaSettings', props(at('skillParameters', 'cpaSettings')), props((listing.properties as Json).cpaSettings)],
      ['skills/parameters retrySettings', props(at('skillParameters', 'retrySettings')), props((listing.properties as Json).retrySettings)],
      ['token answer', props(ours.tokenResponse), props(answer(paths['/auth/token']!.post!))],
      ['token access-key request', props(ours.tokenPasswordRequest), props(components.authentication_globalauthentication__tokenAccessKeyRequest)],
      ['token refresh request', props(ours.tokenRefreshRequest), props(components.authentication_globalauthentication__tokenRefreshRequest)],
      ['OIDC discovery', props(ours.oidcDiscovery), props(components['authentication_globalauthentication__oidc-discovery'])],
    ];
    for (const [what, mine, theirs] of pairs) expect(mine, what).to.deep.equal(theirs);
    const configuration = answer(paths['/.well-known/cxone-configuration']!.get!);
    expect(props(ours.cxoneConfiguration), 'cxone-configuration (the published list requires region without defining it)').to.deep.equal([...props(configuration), 'region'].sort());
    expect([...((ours.tokenResponse!.required as string[]) ?? [])].sort()).to.deep.equal([...(answer(paths['/auth/token']!.post!).required as string[])].sort());
  });
});
