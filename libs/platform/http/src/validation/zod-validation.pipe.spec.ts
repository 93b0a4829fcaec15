import { z } from 'zod';
import { RequestValidationError } from '../errors/api-errors';
import { ZodValidationPipe } from './zod-validation.pipe';

const schema = z.object({
  interval_minutes: z.number().refine((n) => n > 0, 'interval_minutes must be > 0').optional(),
  name: z.string().min(1).optional(),
});

async function refusal(value: unknown): Promise<RequestValidationError> {
  try {
    await new ZodValidationPipe(schema, { kind: 'body' }).transform(value);
  } catch (error) {
    if (error instanceof RequestValidationError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('ZodValidationPipe', () => {
  it("says the one problem itself when its message names its field (seed 001's {\"error\": \"interval_minutes must be > 0\"})", async () => {
    expect((await refusal({ interval_minutes: 0 })).message).toBe('interval_minutes must be > 0');
  });

  it('sums up several problems, or one whose message does not name its field', async () => {
    expect((await refusal({ interval_minutes: 0, name: '' })).message).toBe('Invalid request body');
    expect((await refusal({ name: '' })).message).toBe('Invalid request body');
  });

  it('parses schemas with async refinements too (falling back from the synchronous parse), every time', async () => {
    let checks = 0;
    const asyncSchema = z.object({
      name: z.string().refine(async (name) => {
        checks++;
        return name !== 'taken';
      }, 'name is taken'),
    });
    const pipe = new ZodValidationPipe(asyncSchema, { kind: 'body' });
    expect(await pipe.transform({ name: 'free' })).toEqual({ name: 'free' });
    await expect(pipe.transform({ name: 'taken' })).rejects.toThrow('name is taken');
    expect(await pipe.transform({ name: 'also free' })).toEqual({ name: 'also free' });
    expect(checks).toBeGreaterThanOrEqual(3);
  });

  it('returns the parsed (coerced, defaulted) value of a synchronous schema', async () => {
    const query = z.object({ limit: z.coerce.number().int().default(20) });
    expect(await new ZodValidationPipe(query, { kind: 'query' }).transform({ limit: '5' })).toEqual({ limit: 5 });
    expect(await new ZodValidationPipe(query, { kind: 'query' }).transform({})).toEqual({ limit: 20 });
  });

  it('parses at once (no promise) for a path parameter: the value, or the same refusal as transform', async () => {
    const slug = new ZodValidationPipe(z.string().regex(/^[a-z]+$/, 'lower-case letters only'), { kind: 'param', name: 'tenantID' });
    expect(slug.transformNow('acme')).toBe('acme');
    const refusal = (() => {
      try {
        slug.transformNow('ACME');
      } catch (error) {
        return error;
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal).toBeInstanceOf(RequestValidationError);
    await expect(slug.transform('ACME')).rejects.toEqual(refusal);
  });

  it('says a schema with async checks cannot be parsed at once', () => {
    const asyncSlug = new ZodValidationPipe(z.string().refine(async () => true), { kind: 'param', name: 'jobID' });
    expect(() => asyncSlug.transformNow('job-1')).toThrow('the schema of path parameter jobID has async checks: it cannot be parsed at once');
  });
});
