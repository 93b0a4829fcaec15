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
});
