/**
 * Compares strings the way the read stores order them: by Unicode code point, which is what
 * SQLite (BINARY collation over UTF-8) and MongoDB (binary UTF-8) do. JavaScript's `<` compares
 * UTF-16 code units instead, which differs for characters beyond U+FFFF (a surrogate pair sorts
 * below U+E000..U+FFFF); shifting code units as below restores code point order.
 */
export function compareInStoreOrder(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates (0xD800-0xDFFF) stand for code points above 0xFFFF: move them above 0xE000-0xFFFF.
const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);

/**
 * The smallest string above every string that starts with `prefix`, in store order: the
 * exclusive upper bound of a prefix range (`name >= prefix AND name < bound`). Undefined when
 * there is none (an empty prefix, or one made only of U+10FFFF).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = [...prefix].map((char) => char.codePointAt(0) ?? 0);
  while (codePoints.length > 0) {
    const last = codePoints.pop() ?? 0;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1; // skip the surrogate range
      return String.fromCodePoint(...codePoints, next);
    }
  }
  return undefined;
}
