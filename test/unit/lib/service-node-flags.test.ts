import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_NODE_FLAGS } from '../../../controller/lib/service-node-flags.js';
import { REPO_ROOT } from '../../support/spawn-cli.js';

const run = promisify(execFile);

/** The new space's size after a burst of short-lived garbage, in a node started with `flags`. */
async function newSpaceMb(flags: readonly string[]): Promise<number> {
  const script = "let k=[];for(let i=0;i<2e6;i++){k.push({a:i,b:'x'+i});if(k.length>5e4)k=[]}const s=require('v8').getHeapSpaceStatistics().find(s=>s.space_name==='new_space');console.log(s.space_size/1048576)";
  const { stdout } = await run(process.execPath, [...flags, '-e', script]);
  return Number(stdout.trim());
}

describe('the node flags of the controller image (lib/service-node-flags.ts)', () => {
  it('are the ones the Dockerfile starts the controller with', async () => {
    const dockerfile = await readFile(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(entrypoint, 'the Dockerfile has an ENTRYPOINT in exec form').to.be.a('string');
    const words = JSON.parse(entrypoint!) as string[];
    const node = words.indexOf('node');
    expect(words.slice(node + 1, words.indexOf('/app/dist/controller/cli.js'))).to.deep.equal([...SERVICE_NODE_FLAGS]);
  });

  it('are accepted by this node and make its young generation smaller than without them', async () => {
    const [without, withFlags] = await Promise.all([newSpaceMb([]), newSpaceMb(SERVICE_NODE_FLAGS)]);
    expect(withFlags).to.be.greaterThan(0);
    expect(withFlags, `new space ${withFlags} MB with the flags, ${without} MB without`).to.be.lessThan(without);
  });
});
