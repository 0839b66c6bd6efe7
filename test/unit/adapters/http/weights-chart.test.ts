import { expect } from 'chai';
import { chartGeometry, renderWeightsChart, weightKeys, weightPoints, type ChartLayout } from '../../../../controller/adapters/http/weights-chart.js';
import { appliedRecord } from '../../../support/dashboard-fixtures.js';

/** A 100 × 100 plot area with a 10-unit margin: coordinates are easy to work out by hand. */
const LAYOUT: ChartLayout = { width: 120, height: 120, left: 10, right: 10, top: 10, bottom: 10 };
const T0 = '2026-11-24T12:00:00.000Z';
const T1 = '2026-11-24T12:00:50.000Z';
const NOW = Date.parse('2026-11-24T12:01:40.000Z');

describe('the weights-over-time chart', () => {
  const records = [
    appliedRecord(T0, { answer_rate: 0.05, predictive_factor: 0.1 }),
    { id: 'drift', time: '2026-11-24T12:00:20.000Z', campaign: 'spring-renewals', campaignId: 'x', outcome: 'drift-detected' },
    { id: 'no-settings', time: '2026-11-24T12:00:30.000Z', campaign: 'spring-renewals', campaignId: 'x', outcome: 'applied' },
    appliedRecord(T1, { answer_rate: 0.05, predictive_factor: -0.1 }, 'applied', [2, 3]),
  ];

  it('takes the applied and rolled-back records that carry weights, oldest first', () => {
    const points = weightPoints([records[3]!, ...records.slice(0, 3), appliedRecord('2026-11-24T12:01:00.000Z', { call_rate: 0.2 }, 'rolled-back', [3, 4])]);
    expect(points.map((p) => [p.at, p.outcome, p.toVersion])).to.deep.equal([
      [T0, 'applied', '2'],
      [T1, 'applied', '3'],
      ['2026-11-24T12:01:00.000Z', 'rolled-back', '4'],
    ]);
    expect(weightKeys(points)).to.deep.equal(['answer_rate', 'call_rate', 'predictive_factor']);
  });

  it('draws one step polyline per weight key, held until the next record and on to now', () => {
    const geometry = chartGeometry(weightPoints(records), NOW, LAYOUT);
    // y spans [-0.24, 0.24] (the ±maxDeviationLimit 0.2 band, padded by 0.04): 0.1 → 39.2, 0.05 → 49.6, -0.1 → 80.8.
    expect(geometry.series.map((s) => [s.key, s.polyline])).to.deep.equal([
      ['answer_rate', '10,49.6 60,49.6 110,49.6'],
      ['predictive_factor', '10,39.2 60,39.2 60,80.8 110,80.8'],
    ]);
    expect(geometry.markers.map((m) => [m.x, m.ys.predictive_factor])).to.deep.equal([
      [10, 39.2],
      [60, 80.8],
    ]);
    expect(geometry.yTicks.map((t) => t.value)).to.include(0);
  });

  it('counts a weight missing from a later record as 0', () => {
    const geometry = chartGeometry(weightPoints([appliedRecord(T0, { call_rate: 0.1 }), appliedRecord(T1, { answer_rate: 0.1 })]), NOW, LAYOUT);
    // y spans [-0.24, 0.24]: 0.1 → 39.2, 0 → 60.
    expect(geometry.series.find((s) => s.key === 'call_rate')!.polyline).to.equal('10,39.2 60,39.2 60,60 110,60');
    expect(geometry.series.find((s) => s.key === 'answer_rate')!.polyline).to.equal('10,60 60,60 60,39.2 110,39.2');
  });

  it('renders the polylines in an inline SVG with a legend, and marks rollbacks', () => {
    const html = String(renderWeightsChart('spring-renewals', [...records, appliedRecord('2026-11-24T12:01:00.000Z', { answer_rate: 0.05, predictive_factor: 0.1 }, 'rolled-back', [3, 4])], NOW, LAYOUT));
    expect(html).to.match(/<svg viewBox="0 0 120 120"/);
    expect(html.match(/<polyline /g)).to.have.length(2);
    expect(html).to.include('points="10,39.2 60,39.2 60,80.8 70,80.8 70,39.2 110,39.2"');
    expect(html).to.include('<code>predictive_factor</code>');
    expect(html).to.include('rolled back 2026-11-24 12:01:00 UTC (v3 → v4)');
    expect(html).to.not.match(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('is readable when the changes are seconds apart: time ticks at round seconds, lines sharing a value drawn apart, the ±maxDeviationLimit band', () => {
    const close = [
      appliedRecord('2026-11-24T12:00:01.000Z', { predictive_factor: -0.1, agent_efficiency: -0.1, answer_rate: 0.12 }),
      appliedRecord('2026-11-24T12:00:04.000Z', { predictive_factor: -0.1, agent_efficiency: -0.1, answer_rate: 0.15 }, 'applied', [2, 3]),
    ];
    const now = Date.parse('2026-11-24T12:00:21.000Z');
    const geometry = chartGeometry(weightPoints(close), now, LAYOUT);
    expect(geometry.xTicks.map((t) => t.label)).to.deep.equal(['12:00:05', '12:00:10', '12:00:15', '12:00:20']);
    expect(geometry.xTicks.map((t) => t.x)).to.deep.equal([30, 55, 80, 105]);
    const pf = geometry.series.find((s) => s.key === 'predictive_factor')!;
    const ae = geometry.series.find((s) => s.key === 'agent_efficiency')!;
    expect(Math.abs(pf.points[0]!.y - ae.points[0]!.y), 'the two -0.1 lines are 3 px apart, not on top of each other').to.equal(3);
    expect(geometry.overlapping).to.equal(true);
    expect(geometry.band).to.deep.equal({ limit: 0.2, yTop: 18.3, yBottom: 101.7 });
    const html = String(renderWeightsChart('spring-renewals', close, now, LAYOUT));
    expect(html).to.include('class="deviation-band"');
    expect(html).to.include('±maxDeviationLimit 0.2');
    expect(html).to.include('>12:00:10</text>');
    expect(html).to.include('Weights with the same value are drawn 3 px apart');
  });

  it('says so when nothing was applied yet', () => {
    expect(String(renderWeightsChart('spring-renewals', [records[1]!], NOW))).to.include('No apply or rollback recorded yet');
  });

  it('escapes weight keys read from the audit trail', () => {
    const html = String(renderWeightsChart('x', [appliedRecord(T0, { '<img src=x>': 0.1 })], NOW));
    expect(html).to.not.include('<img');
    expect(html).to.include('&lt;img src=x&gt;');
  });
});
