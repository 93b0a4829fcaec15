import { PRINTABLE_TEXT_MESSAGE, printableText } from './text';

const problems = (value: unknown) => {
  const result = printableText(20).safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('printableText', () => {
  it('accepts names in any script, with emoji (surrogate pairs and joiners), and trims them', () => {
    for (const name of ['Nightly scan', 'Ünïcödé 日本語', 'team 👩‍💻 ops', 'a\u00a0b']) expect(problems(name)).toEqual([]);
    expect(printableText().parse('  padded \n')).toBe('padded');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a line break inside', 'a\nb'],
    ['an escape sequence', 'a\u001b[31mred'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085b'],
    ['a lone high surrogate', 'a\ud800'],
    ['a lone low surrogate', '\udfffa'],
    ['surrogates in the wrong order', 'a\ude00\ud83d'],
  ])('refuses %s', (_case, name) => {
    expect(problems(name)).toEqual([PRINTABLE_TEXT_MESSAGE]);
  });

  it('keeps the length bounds', () => {
    expect(problems('   ')).toHaveLength(1);
    expect(problems('x'.repeat(21))).toHaveLength(1);
  });
});
