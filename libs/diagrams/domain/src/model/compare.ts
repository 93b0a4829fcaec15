/** Code-unit order (not the locale's): fast on 100k names, and the same on every machine. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
