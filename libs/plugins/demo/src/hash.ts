/**
 * A fast deterministic 32-bit hash (FNV-1a with a murmur3 finaliser) so the demo estate depends on
 * nothing but its seed and size: the same inputs give the same estate on every machine.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) derived from the parts. */
export const unit = (...parts: (string | number)[]): number => hash32(parts.join(':')) / 0x1_0000_0000;
