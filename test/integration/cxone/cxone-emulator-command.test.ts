import { expect } from 'chai';
import { httpRequest } from '../../support/http-request.js';
import { spawnCli, type CliProcess } from '../../support/spawn-cli.js';

interface State {
  dialect: string;
  timeScale: number;
  skills: Array<{ skillId: number; skillName: string; groups: { generalSettings: Record<string, unknown> } }>;
}

describe('cxone-gitops emulator --dialect cxone (the command)', () => {
  let emulator: CliProcess | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  it('seeds the skills desired-state-cxone/ names (one slightly off) plus --skills N, and stores --time-scale', async () => {
    emulator = spawnCli(['emulator', '--dialect', 'cxone', '--port', '0', '--from', 'desired-state-cxone', '--skills', '2', '--time-scale', '60']);
    const [, url] = await emulator.waitForLine(/CXone emulator \(dialect cxone\) listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const state = await httpRequest<State>(`${url}/emulator/state`);
    expect(state.body.dialect).to.equal('cxone');
    expect(state.body.timeScale).to.equal(60);
    expect(state.body.skills.map((skill) => skill.skillId)).to.deep.equal([4021337, 4021338, 4021401, 5000001, 5000002]);
    const renewals = state.body.skills.find((skill) => skill.skillId === 4021337)!;
    expect(renewals.groups.generalSettings).to.include({ maximumRatio: 2, abandonRateThreshold: 2.5, aggressiveness: 'conservative' });
    const written = { maximumRingingDuration: 25, beginDampenPercentage: 80, percentageOfAgentsBeforeOverdial: 50 };
    const off = Object.entries(written).filter(([key, value]) => renewals.groups.generalSettings[key] !== value);
    expect(off, 'one field of the second skill (by path) starts off').to.have.length(1);
    const winback = state.body.skills.find((skill) => skill.skillId === 4021338)!;
    expect(winback.groups.generalSettings.maximumRingingDuration).to.equal(22);
  });

  it('refuses an unknown dialect with the choices', async () => {
    emulator = spawnCli(['emulator', '--dialect', 'genesys']);
    expect(await emulator.exited).to.equal(1);
    expect(emulator.stderr()).to.contain('--dialect must be tutorial');
  });
});
