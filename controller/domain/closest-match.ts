/** "Did you mean …?" for misspelt keys and values. */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `word` (case and `-`/`_` ignored), when it is close enough to be a likely
 * typo: at most a third of the word's length in edits.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const simplify = (text: string): string => text.toLowerCase().replace(/[-_]/g, '');
  if (word.length > 64) return undefined;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(simplify(word), simplify(candidate));
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined || best.distance > Math.max(1, Math.floor(word.length / 3))) return undefined;
  return best.candidate;
}
