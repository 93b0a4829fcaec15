import { z } from 'zod';
import { PayloadDecodeError, PayloadEncodeError } from '../errors';
import { decodeJson, encodeJson } from './json-codec';

describe('JSON codec', () => {
  it('round-trips values, and undefined as an empty payload', () => {
    expect(decodeJson(encodeJson({ a: [1, 'two'] }))).toEqual({ a: [1, 'two'] });
    expect(encodeJson(undefined)).toHaveLength(0);
    expect(decodeJson(encodeJson(undefined))).toBeUndefined();
  });

  it('validates against a schema and returns its output', () => {
    const schema = z.object({ n: z.coerce.number() });
    expect(decodeJson(encodeJson({ n: '3' }), schema)).toEqual({ n: 3 });
    expect(() => decodeJson(encodeJson({ n: 'x' }), schema)).toThrow(PayloadDecodeError);
  });

  it('reports bytes that are not JSON, or not UTF-8, as a decode error', () => {
    expect(() => decodeJson(new TextEncoder().encode('{not json'))).toThrow(PayloadDecodeError);
    expect(() => decodeJson(new Uint8Array([0xff, 0xfe]))).toThrow(PayloadDecodeError);
  });

  it('reports a value JSON cannot hold as an encode error', () => {
    expect(() => encodeJson({ big: 1n })).toThrow(PayloadEncodeError);
  });
});
