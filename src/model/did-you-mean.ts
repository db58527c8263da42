/** "Did you mean …?" suggestions, after graphql-js `didYouMean` and `suggestionList`. */

/** Levenshtein distance, case-insensitive, with a transposition counted as one edit. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return a === b ? 0 : 0.5;
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array<number>(y.length).fill(0)]);
  for (let j = 1; j <= y.length; j++) d[0]![j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[x.length]![y.length]!;
}

/** The options close enough to `input` to be a likely misspelling, closest first (at most 3). */
export function suggestionList(input: string, options: readonly string[]): string[] {
  // Tighter than graphql-js's 40%: type names are short, and 'int' is no likely reading of 'Sting'.
  const threshold = Math.max(1, Math.floor(input.length / 3));
  return options
    .map((option) => ({ option, d: distance(input, option) }))
    .filter(({ option, d }) => option !== input && d <= threshold)
    .sort((p, q) => p.d - q.d || p.option.localeCompare(q.option))
    .slice(0, 3)
    .map(({ option }) => option);
}

/** ` Did you mean 'a'?` / ` Did you mean 'a' or 'b'?`, or '' when nothing is close. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((s) => `'${s}'`);
  const list = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}`;
  return `; did you mean ${list}?`;
}
