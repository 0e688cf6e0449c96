/** The canary check every scenario's figure comes from. */

/** How many of `needles` occur in `haystack` texts (needles shorter than 8 characters are ignored: too easy to meet by chance). */
export function countLeaks(haystack: readonly string[], needles: readonly string[]): number {
  let n = 0;
  for (const needle of new Set(needles)) {
    if (needle.length < 8) continue;
    if (haystack.some((t) => t.includes(needle))) n++;
  }
  return n;
}
