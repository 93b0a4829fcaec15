import fc from 'fast-check';
import { definedOnly } from './kube-node';

describe('definedOnly', () => {
  it('keeps every attribute that is not undefined, in order, and nothing else (as fromEntries over the filtered entries)', () => {
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.integer(), fc.array(fc.string()));
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '0', '10')), value), (attributes) => {
        const defined = definedOnly(attributes);
        const expected = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined));
        expect(Object.entries(defined)).toEqual(Object.entries(expected));
        expect(Object.getPrototypeOf(defined)).toBe(Object.prototype);
      }),
    );
  });
});
