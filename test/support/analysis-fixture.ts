/** A live analysis as the status shows it, for the renderer and metrics tests. */
import type { AnalysisStatus } from '../../controller/domain/analysis-status.js';

/** A failed analysis: three readings 5, 10 and 15 minutes after an apply at 11:00, the last over the limit. */
export function analysisStatus(overrides: Partial<AnalysisStatus> = {}): AnalysisStatus {
  return {
    phase: 'Failed',
    startedAt: '2026-11-24T11:00:00.000Z',
    at: '2026-11-24T11:15:00.000Z',
    counts: { dials: 2400, connects: 528, abandons: 72 },
    liveAnswers: 600,
    abandonRate: 0.12,
    lower: 0.0964,
    upper: 0.1483,
    limit: 0.03,
    windowSeconds: 3600,
    maxWindowSeconds: 4 * 3600,
    minLiveAnswers: 200,
    intervalSeconds: 300,
    elapsedSeconds: 900,
    reason: '72 abandons of 600 live answers (12.00%, 95% interval 9.64%–14.83%) since the apply: the lower bound is over the limit 3.00%',
    baseline: { dials: 0, connects: 0, abandons: 0 },
    points: [
      { at: '2026-11-24T11:05:00.000Z', liveAnswers: 150, abandonRate: 0.02, lower: 0.0068, upper: 0.057 },
      { at: '2026-11-24T11:10:00.000Z', liveAnswers: 380, abandonRate: 0.06, lower: 0.0405, upper: 0.0881 },
      { at: '2026-11-24T11:15:00.000Z', liveAnswers: 600, abandonRate: 0.12, lower: 0.0964, upper: 0.1483 },
    ],
    ...overrides,
  };
}
