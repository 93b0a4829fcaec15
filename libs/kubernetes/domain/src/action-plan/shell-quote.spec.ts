import fc from 'fast-check';
import { shellQuote } from './shell-quote';

/** What a POSIX shell makes of one word made of bare safe characters, single-quoted runs and `\'`. */
function shellWord(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; ) {
    const char = word[i]!;
    if (char === "'") {
      const end = word.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${word}`);
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (char === '\\') {
      out += word[i + 1];
      i += 2;
    } else {
      if (!/[A-Za-z0-9_./:=@%+,-]/.test(char)) throw new Error(`bare metacharacter ${JSON.stringify(char)} in ${word}`);
      out += char;
      i += 1;
    }
  }
  return out;
}

describe('shellQuote', () => {
  it('leaves Kubernetes names as they are', () => {
    expect(shellQuote('data-postgres-0')).toBe('data-postgres-0');
    expect(shellQuote('system:masters')).toBe('system:masters');
    expect(shellQuote('deployment/api')).toBe('deployment/api');
  });

  it('quotes anything a shell would read', () => {
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$(rm -rf /)')).toBe("'$(rm -rf /)'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  it('is one word that reads back as the value, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        expect(shellWord(shellQuote(value))).toBe(value);
      }),
    );
  });
});
