import { expect } from 'chai';
import { readDesiredStateSchemas } from '../../../controller/adapters/fs/read-desired-state-schemas.js';
import { compileDesiredStateSchemas } from '../../../controller/domain/compile-schemas.js';
import { WEIGHT_KEYS } from '../../../controller/simulation/types.js';
import { DEFAULT_PROFILE } from '../../../controller/simulation/types.js';

type Json = Record<string, unknown>;

function at(schema: Json, ...path: string[]): Json {
  let node: unknown = schema;
  for (const key of path) node = (node as Json)[key];
  return node as Json;
}

describe('the JSON Schemas in schemas/', () => {
  const schemas = readDesiredStateSchemas();

  it('are draft 2020-12 and compile in ajv strict mode', () => {
    expect(schemas.campaignWeights.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expect(schemas.controllerPolicy.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expect(schemas.outboundSkill.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expect(() => compileDesiredStateSchemas(schemas)).to.not.throw();
  });

  it('share one definition of sync, simulation, profile and labels', () => {
    for (const name of ['sync', 'simulation', 'profile', 'labels']) {
      expect(at(schemas.controllerPolicy, '$defs', name), name).to.deep.equal(at(schemas.campaignWeights, '$defs', name));
      expect(at(schemas.outboundSkill, '$defs', name), name).to.deep.equal(at(schemas.campaignWeights, '$defs', name));
    }
  });

  it('allow exactly the weight keys and the operating profile keys of the simulator', () => {
    expect(Object.keys(at(schemas.campaignWeights, 'properties', 'spec', 'properties', 'parameterWeights', 'properties'))).to.deep.equal([...WEIGHT_KEYS]);
    expect(Object.keys(at(schemas.campaignWeights, '$defs', 'profile', 'properties'))).to.have.members(Object.keys(DEFAULT_PROFILE));
  });
});
