import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: { regular: Buffer; bold: Buffer } | undefined;

/**
 * The DejaVu Sans TTFs (`dejavu-fonts-ttf`), embedded in every PDF so it renders the same
 * anywhere; read once per process.
 */
export function reportFontFiles(): { regular: Buffer; bold: Buffer } {
  if (!cached) {
    const dir = dirname(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    cached = { regular: readFileSync(join(dir, 'DejaVuSans.ttf')), bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')) };
  }
  return cached;
}
