/**
 * The README shows what the commands print (README "validate", "simulate", "The CXone API
 * emulator", "The command line"): each example is read from README.md itself and its command run
 * as a user would, so an example cannot drift from the real output without this failing.
 */
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT, runCli, spawnCli, type CliProcess } from '../support/spawn-cli.js';

/** The lines a fenced README block shows after `$ <command>`, up to the block's end. */
function outputAfter(readme: string, command: string): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf(`$ ${command}`);
  if (start < 0) throw new Error(`README.md has no example "$ ${command}"`);
  const end = lines.indexOf('```', start);
  return lines.slice(start + 1, end);
}

function readmeText(): Promise<string> {
  return readFile(join(REPO_ROOT, 'README.md'), 'utf8');
}

describe('the README examples print what the README shows', function () {
  this.timeout(60_000);
  let temp: string;
  let emulator: CliProcess | undefined;

  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), 'cxone-gitops-readme-'));
  });

  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
    await rm(temp, { recursive: true, force: true });
  });

  it('validate with the tutorial example added prints the README lines, its line and column included, and exits 1', async () => {
    const readme = await readmeText();
    const added = /`cp (test\/fixtures\/\S+) (desired-state\/\S+)`/.exec(readme);
    expect(added, 'the README names the file its validate example adds').to.not.equal(null);
    const [, fixture, target] = added as RegExpExecArray;
    await cp(join(REPO_ROOT, 'desired-state'), join(temp, 'desired-state'), { recursive: true });
    await cp(join(REPO_ROOT, fixture as string), join(temp, target as string));
    const run = await runCli(['validate', 'desired-state'], { cwd: temp });
    expect({ code: run.code, stdout: run.stdout.split('\n').slice(0, -1), stderr: run.stderr }).to.deep.equal({
      code: 1,
      stdout: outputAfter(readme, 'cxone-gitops validate desired-state'),
      stderr: '',
    });
  });

  it('simulate of spring-renewals prints the README example line for line and exits 0', async () => {
    const readme = await readmeText();
    const command = 'cxone-gitops simulate desired-state/retention/spring-renewals.yaml';
    const run = await runCli(command.split(' ').slice(1));
    expect({ code: run.code, stdout: run.stdout.split('\n').slice(0, -1) }).to.deep.equal({ code: 0, stdout: outputAfter(readme, command) });
  });

  it('the emulator started as the README shows prints the two lines it shows (the port aside)', async () => {
    const readme = await readmeText();
    const example = /```sh\n(npx cxone-gitops emulator [^\n]+)\n((?:# [^\n]*\n)+)```/.exec(readme);
    expect(example, 'the README shows how to start the emulator and what it prints').to.not.equal(null);
    const [, command, printed] = example as RegExpExecArray;
    await symlink(join(REPO_ROOT, 'desired-state'), join(temp, 'desired-state'));
    emulator = spawnCli((command as string).split(' ').slice(2), { cwd: temp });
    const [, port] = await emulator.waitForLine(/^CXone emulator listening on https:\/\/127\.0\.0\.1:(\d+)\n.+\n/m, 30_000);
    const expected = (printed as string).split('\n').slice(0, -1).map((line) => line.slice(2).replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`));
    expect(emulator.stdout().split('\n').slice(0, 2)).to.deep.equal(expected);
    expect(await emulator.stop()).to.equal(0);
  });

  it('the command-line table names every command that cxone-gitops --help lists', async () => {
    const readme = await readmeText();
    const table = /## The command line\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const help = await runCli(['--help']);
    const commands = [...(help.stdout.split('Commands:')[1] ?? '').matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1] as string).filter((name) => name !== 'help');
    expect(commands).to.include.members(['validate', 'plan', 'run', 'demo', 'emulator']);
    const named = new Set([...table.matchAll(/^cxone-gitops ([a-z|-]+)/gm)].flatMap((m) => (m[1] as string).split('|')));
    expect(commands.filter((name) => !named.has(name)), 'commands missing from the README table').to.deep.equal([]);
  });
});
