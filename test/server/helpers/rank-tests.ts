/**
 * The Wilcoxon signed-rank test, for timing tests: whether paired differences lean one way, with
 * no assumption about their distribution. When each pair's two measurements were taken back to
 * back in random order, a difference is as likely positive as negative unless the two things
 * measured differ, so z stays near standard normal however the machine's load drifts.
 */

export interface SignedRank {
  /** Standardised W+: about N(0, 1) when there is no difference; positive when differences lean positive. */
  z: number;
  /** The median of the differences. */
  median: number;
}

export function median(values: number[]): number {
  const sorted = values.slice().sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? Number.NaN;
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

export function signedRank(differences: number[]): SignedRank {
  const nonZero = differences.filter((d) => d !== 0).sort((x, y) => Math.abs(x) - Math.abs(y));
  const n = nonZero.length;
  // Ranks of |d| from 1, ties sharing their mean rank.
  let positive = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && Math.abs(nonZero[j + 1] ?? 0) === Math.abs(nonZero[i] ?? 0)) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if ((nonZero[k] ?? 0) > 0) positive += rank;
    i = j + 1;
  }
  const z = (positive - (n * (n + 1)) / 4) / Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
  return { z, median: median(differences) };
}
