/**
 * Compile-time proof that a zod schema and a hand-written TypeScript type describe the same data:
 * `SameShape<z.infer<typeof schema>, Type>` is `true` only when each is assignable to the other
 * after both are normalised, field by field (optional fields must be optional on both sides, a
 * field one side has and the other lacks fails, `readonly` is ignored). Plain mutual
 * assignability would let an optional field present on one side only slip through.
 */
export type SameShape<A, B> = [Shape<A>] extends [Shape<B>] ? ([Shape<B>] extends [Shape<A>] ? true : false) : false;

type Shape<T> = T extends readonly (infer Item)[]
  ? { array: Shape<Item> }
  : T extends object
    ? { [K in keyof T]-?: object extends Pick<T, K> ? { optional: Shape<Exclude<T[K], undefined>> } : Shape<T[K]> }
    : T;

/** Fails to compile unless `Proof` is `true`: `const _x: Assert<SameShape<A, B>> = true`. */
export type Assert<Proof extends true> = Proof;
