/**
 * What to tell a person whose service did not start. System errors carry a code the runtime's
 * own message leaves cryptic (`listen EADDRINUSE: address already in use 0.0.0.0:8080`); those a
 * person can fix get a sentence saying how. Anything else keeps its own message, which Strata's
 * errors already write for people.
 */
export function startupFailureMessage(error: unknown): string {
  // Not `instanceof Error`: errors of Node's own modules may come from another realm (a test VM).
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string') return String(error);
  const { message, code, port, address, syscall, path } = error as Error & { code?: unknown; port?: unknown; address?: unknown; syscall?: unknown; path?: unknown };
  const where = typeof port === 'number' ? `port ${port}${typeof address === 'string' ? ` on ${address}` : ''}` : undefined;
  if (code === 'EADDRINUSE' && where) return `${where} is already in use: stop what listens there, or set PORT to a free port`;
  if (code === 'EACCES' && where) return `not allowed to listen on ${where}: use a port above 1023, or set PORT`;
  if (code === 'EADDRNOTAVAIL' && where) return `cannot listen on ${where}: that address is not one of this machine's`;
  if ((code === 'EEXIST' || code === 'ENOTDIR') && syscall === 'mkdir' && typeof path === 'string') {
    return `cannot create the directory ${path}: a file is in the way`;
  }
  // Its parent exists (`makeDirectory` makes parents first) yet refuses new entries: procfs does that.
  if (code === 'ENOENT' && syscall === 'mkdir' && typeof path === 'string') {
    return `cannot create the directory ${path}: its filesystem does not take new directories (a virtual one such as /proc?); choose a directory on a disk`;
  }
  if (code === 'EROFS' && syscall === 'mkdir' && typeof path === 'string') return `cannot create the directory ${path}: its filesystem is read-only`;
  return message;
}
