import { expect } from 'chai';
import { fitOperatingProfile } from '../../../controller/calibration/fit-operating-profile.js';
import { formatReportingDuration, parseReportingDuration } from '../../../controller/calibration/reporting-duration.js';

describe('calibration/reporting-duration', () => {
  const table: Array<[string, number | undefined]> = [
    ['PT3M2.5S', 182.5],
    ['PT180S', 180],
    ['PT1H', 3600],
    ['P1DT1S', 86_401],
    ['00:03:02.5', 182.5],
    ['1:00:00', 3600],
    ['15', 15],
    ['PT', undefined],
    ['three minutes', undefined],
  ];
  for (const [text, seconds] of table) {
    it(`reads ${JSON.stringify(text)} as ${String(seconds)}`, () => {
      expect(parseReportingDuration(text)).to.equal(seconds);
    });
  }

  it('writes ISO 8601 that it reads back', () => {
    for (const seconds of [0, 0.25, 15, 182.5, 3600, 3725.125]) {
      expect(parseReportingDuration(formatReportingDuration(seconds))).to.equal(seconds);
    }
    expect(formatReportingDuration(182.5)).to.equal('PT3M2.5S');
    expect(formatReportingDuration(0)).to.equal('PT0S');
  });
});

describe('calibration/fitOperatingProfile', () => {
  const intervals = [
    { dials: 1000, connects: 230, abandons: 13 },
    { dials: 3000, connects: 700, abandons: 29 },
  ];
  const summary = { contactsHandled: 930, averageTalkTime: 'PT2M30S', averageWrapTime: 'PT12.5S', agentsLoggedIn: 35 };

  it('fits live answers per dial, talk, wrap and agents, each with its sample size', () => {
    const fit = fitOperatingProfile({ intervals, summary, ringTimeoutSeconds: 25, ringMeanSeconds: 7 });
    const answered = 1 - Math.exp(-25 / 7);
    expect(fit.problems).to.deep.equal([]);
    expect(fit.profile).to.deep.equal({ agents: 35, answerProbability: Number((972 / 4000 / answered).toFixed(4)), avgTalkSeconds: 150, wrapSeconds: 12.5 });
    const sizes = Object.fromEntries(fit.values.map((v) => [v.field, [v.sampleSize, v.sampleOf]]));
    expect(sizes).to.deep.equal({
      agents: [1, 'summary'],
      answerProbability: [4000, 'dials'],
      avgTalkSeconds: [930, 'handled contacts'],
      wrapSeconds: [930, 'handled contacts'],
    });
  });

  it('fits nothing it has no data for, and says what to do', () => {
    const fit = fitOperatingProfile({ intervals: [], summary: { contactsHandled: 0 }, ringTimeoutSeconds: 25, ringMeanSeconds: 7 });
    expect(fit.profile).to.deep.equal({});
    expect(fit.problems).to.have.length(4);
    expect(fit.problems[1]).to.include('no dials in the period; widen --since');
  });
});
