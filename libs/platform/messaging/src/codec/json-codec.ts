import { PayloadDecodeError, PayloadEncodeError } from '../errors';

/** Anything with a zod-style `parse`: validates unknown input and returns it typed, or throws. */
export interface PayloadSchema<T> {
  parse(input: unknown): T;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const EMPTY = new Uint8Array(0);

/** JSON bytes of `value`; `undefined` is sent as an empty payload (a void request or reply). */
export function encodeJson(value: unknown): Uint8Array {
  if (value === undefined) return EMPTY;
  try {
    return encoder.encode(JSON.stringify(value));
  } catch (error) {
    throw new PayloadEncodeError(`payload cannot be written as JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Parses JSON bytes (empty → `undefined`) and, when given, validates them against `schema`. */
export function decodeJson<T>(data: Uint8Array, schema?: PayloadSchema<T>): T {
  let value: unknown;
  try {
    value = data.length === 0 ? undefined : JSON.parse(decoder.decode(data));
  } catch (error) {
    throw new PayloadDecodeError(`payload is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!schema) return value as T;
  try {
    return schema.parse(value);
  } catch (error) {
    throw new PayloadDecodeError(`payload does not match its schema: ${(error as Error).message}`, { cause: error });
  }
}
