import type { Assert, SameShape } from './same-shape';

// Type-level: `npm run typecheck` fails if any line marked @ts-expect-error compiles.
type Base = { a: string; b?: number; c: readonly { d: string | null }[] };

const _same: Assert<SameShape<Base, { a: string; b?: number; c: { d: string | null }[] }>> = true;
// @ts-expect-error an optional field on one side only
const _extraOptional: Assert<SameShape<Base, { a: string; b?: number; e?: string; c: { d: string | null }[] }>> = true;
// @ts-expect-error optional on one side, required on the other
const _requiredness: Assert<SameShape<Base, { a: string; b: number; c: { d: string | null }[] }>> = true;
// @ts-expect-error a nested field's type differs (nullability)
const _nested: Assert<SameShape<Base, { a: string; b?: number; c: { d: string }[] }>> = true;
// @ts-expect-error a union member missing
const _union: Assert<SameShape<{ k: 'x' | 'y' }, { k: 'x' }>> = true;

describe('SameShape', () => {
  it('is checked at compile time (see the @ts-expect-error lines)', () => {
    expect(_same).toBe(true);
  });
});
