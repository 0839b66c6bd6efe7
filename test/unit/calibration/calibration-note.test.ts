import { expect } from 'chai';
import { writeCalibratedProfile } from '../../../controller/calibration/write-calibrated-profile.js';
import { calibrationComment, readCalibrationNote } from '../../../controller/domain/calibration-note.js';
import { fileOf, testValidator } from '../domain/test-validator.js';

const SKILL = [
  'apiVersion: cxone-gitops/v1',
  'kind: OutboundSkill',
  'metadata:',
  '  name: renewals-outbound',
  '  skillId: 4021337',
  'spec:',
  '  generalSettings:',
  '    maximumRatio: 2',
  '  simulation: { maxAbandonRate: 0.03 }',
  '',
].join('\n');

describe('calibration/the last-calibrated note', () => {
  it('is read back from the comment calibrate leaves', () => {
    const note = { at: '2026-12-01T10:00:00.000Z', since: '14d' };
    expect(readCalibrationNote(calibrationComment(note))).to.deep.equal(note);
    expect(readCalibrationNote(' calibrated yesterday from 14d of CXone history'), 'not a time').to.equal(undefined);
    expect(readCalibrationNote(undefined)).to.equal(undefined);
  });

  it('is on the loaded skill after calibrate wrote the profile, and absent before', () => {
    const before = testValidator().validateDesiredState([fileOf('s.yaml', SKILL)]);
    expect(before.skills[0]!.calibrated).to.equal(undefined);
    const written = writeCalibratedProfile(SKILL, [{ field: 'agents', value: 40, sampleSize: 96, sampleOf: 'summary', from: 'agentsLoggedIn' }], { at: '2026-12-01T10:00:00.000Z', since: '14d' });
    const after = testValidator().validateDesiredState([fileOf('s.yaml', written)]);
    expect(after.diagnostics).to.deep.equal([]);
    expect(after.skills[0]!.calibrated).to.deep.equal({ at: '2026-12-01T10:00:00.000Z', since: '14d' });
  });
});
