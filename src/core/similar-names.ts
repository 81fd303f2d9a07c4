/**
 * "Did you mean": the names one or two edits (insertions, deletions, substitutions or swaps of
 * two neighbours) from a misspelt one, nearest first.
 */

/** The optimal-string-alignment distance between `a` and `b`, or `limit + 1` once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/**
 * The candidates one or two edits from `name` (never `name` itself), nearest first; a name of
 * up to three characters takes only one edit, so short names do not all look alike.
 */
export function similarNames(name: string, candidates: Iterable<string>): string[] {
  const limit = name.length <= 3 ? 1 : 2;
  const found = new Map<string, number>();
  for (const candidate of candidates) {
    if (candidate === name || found.has(candidate)) continue;
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit);
    if (d <= limit || (d === 0 && candidate !== name)) found.set(candidate, d);
  }
  return [...found.entries()].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1)).map(([n]) => n);
}

/** ` (did you mean "x"?)` (or `"x" or "y"`), or `''` when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const similar = similarNames(name, candidates).slice(0, 2);
  return similar.length === 0 ? '' : ` (did you mean ${similar.map((s) => JSON.stringify(s)).join(' or ')}?)`;
}
