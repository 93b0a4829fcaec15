import { z } from 'zod';

// No control characters (C0, DEL, C1: NUL, line breaks, escapes) or surrogates. With the `u` flag
// a well-formed pair is one astral code point (an emoji), so only an unpaired half is `Cs`. A
// pattern rather than a refinement, so the OpenAPI document states it too.
const PRINTABLE = /^[^\p{Cc}\p{Cs}]*$/u;

export const PRINTABLE_TEXT_MESSAGE = 'printable text only: no control characters (such as NUL or a line break) or unpaired surrogates';

/**
 * A name people give and read (a job, tenant, token or credential name): trimmed, 1 to `max`
 * characters, without control characters or unpaired surrogates. Those are invisible or break
 * logs, terminals and stores (NUL ends C strings; a lone surrogate is no valid UTF-8).
 */
export function printableText(max = 200) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(PRINTABLE, PRINTABLE_TEXT_MESSAGE);
}
