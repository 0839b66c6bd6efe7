import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { DEFAULT_EXTENSIONS, registerCommandExtensions } from '../../../controller/command-extensions.js';

describe('command extensions (the emulator and the demo outside controller/)', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cxone-extensions-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('registers the emulator and demo commands from emulator/', async () => {
    const program = new Command();
    await registerCommandExtensions(program, DEFAULT_EXTENSIONS);
    expect(program.commands.map((command) => command.name())).to.include.members(['emulator', 'demo']);
  });

  it('leaves the commands out when the extension is not installed', async () => {
    const program = new Command();
    await registerCommandExtensions(program, [pathToFileURL(path.join(tmp, 'absent.js'))]);
    expect(program.commands).to.have.length(0);
  });

  it('fails loudly when an installed extension cannot load one of its own imports', async () => {
    const file = path.join(tmp, 'broken.mjs');
    await writeFile(file, "import './missing-dependency.mjs';\nexport function registerCommands() {}\n");
    let caught: unknown;
    await registerCommandExtensions(new Command(), [pathToFileURL(file)]).catch((error: unknown) => (caught = error));
    expect(String(caught)).to.match(/missing-dependency/);
  });

  it('fails loudly when an extension does not export registerCommands', async () => {
    const file = path.join(tmp, 'wrong.mjs');
    await writeFile(file, 'export const nothing = 1;\n');
    let caught: unknown;
    await registerCommandExtensions(new Command(), [pathToFileURL(file)]).catch((error: unknown) => (caught = error));
    expect(String(caught)).to.match(/does not export registerCommands/);
  });
});
