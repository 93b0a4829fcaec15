/** Characters no POSIX shell gives a meaning to outside quotes. */
const SAFE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * One shell word for `value`: as it is when it holds only characters with no meaning to a POSIX
 * shell, else in single quotes (a `'` inside closed, escaped and reopened: `'\''`). Kubernetes
 * names cannot hold metacharacters, but a command a person pastes is quoted regardless.
 */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
