import fc from 'fast-check';
import { bytes, millicores, parseQuantity } from './quantity';

describe('quantities', () => {
  it('reads CPU in millicores and memory in bytes, whatever the suffix', () => {
    expect(millicores('100m')).toBe(100);
    expect(millicores('0.5')).toBe(500);
    expect(millicores('2')).toBe(2000);
    expect(millicores('250000000n')).toBe(250);
    expect(bytes('128Mi')).toBe(128 * 2 ** 20);
    expect(bytes('1G')).toBe(1e9);
    expect(bytes('1e3')).toBe(1000);
    expect(bytes('123Ki')).toBe(123 * 1024);
    expect(parseQuantity('ten')).toBeUndefined();
    expect(parseQuantity(undefined)).toBeUndefined();
  });

  it('agrees across equivalent spellings (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
        expect(millicores(`${n}m`)).toBe(n);
        expect(millicores(`${n}`)).toBe(n * 1000);
        expect(bytes(`${n}Ki`)).toBe(n * 1024);
        expect(bytes(`${n}Mi`)).toBe(bytes(`${n * 1024}Ki`));
        expect(bytes(`${n}k`)).toBe(bytes(`${n}e3`));
      }),
    );
  });
});
