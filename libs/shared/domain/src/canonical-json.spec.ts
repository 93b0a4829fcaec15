import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts object keys at every level, so key order never changes the text', () => {
    const a = { b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { y: null, z: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order, and reads values as JSON.stringify does', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ gone: undefined, kept: 0 })).toBe('{"kept":0}');
    expect(canonicalJson([undefined, 'a'])).toBe('[null,"a"]');
    expect(canonicalJson({ 'quote"d': 'line\nbreak', empty: {}, list: [] })).toBe('{"empty":{},"list":[],"quote\\"d":"line\\nbreak"}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('x')).toBe('"x"');
    expect(JSON.parse(canonicalJson({ n: 1.5, t: true, s: 'é' }))).toEqual({ n: 1.5, t: true, s: 'é' });
  });
});
