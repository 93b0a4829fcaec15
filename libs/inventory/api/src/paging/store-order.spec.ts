import { compareInStoreOrder, prefixUpperBound } from './store-order';

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('compareInStoreOrder', () => {
  it('orders as UTF-8 bytes do, also where UTF-16 code units disagree', () => {
    const strings = ['a', 'ab', 'b', 'arn:aws:ec2:eu-west-1:1:instance/i-1', 'arn:aws:ec2:eu-west-1:1:instance/i-10', '\uffff', '😀', '\ue000x', 'é', ''];
    const sorted = [...strings].sort(compareInStoreOrder);
    expect(sorted).toEqual([...strings].sort(utf8Order));
    expect(compareInStoreOrder('😀', '\uffff')).toBeGreaterThan(0);
    expect('😀' < '\uffff').toBe(true); // what plain JavaScript would have said
  });
});

describe('prefixUpperBound', () => {
  it('is above every string with the prefix and below the next one', () => {
    const bound = prefixUpperBound('web-')!;
    expect(bound).toBe('web.');
    for (const inside of ['web-', 'web-1', 'web-\uffff', 'web-😀😀']) expect(compareInStoreOrder(inside, bound)).toBeLessThan(0);
    expect(compareInStoreOrder('web.', bound)).toBe(0);
  });

  it('covers characters beyond U+FFFF, skips surrogates and has no bound for an empty prefix', () => {
    expect(compareInStoreOrder('a\uffff😀', prefixUpperBound('a\uffff')!)).toBeLessThan(0);
    expect(prefixUpperBound('a\ud7ff')).toBe('a\ue000');
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('')).toBeUndefined();
  });
});
