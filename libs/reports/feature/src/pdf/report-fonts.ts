import { dirname, join } from 'node:path';

/** The DejaVu Sans TTFs (`dejavu-fonts-ttf`), embedded in every PDF so it renders the same anywhere. */
export function reportFontFiles(): { regular: string; bold: string } {
  const dir = dirname(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  return { regular: join(dir, 'DejaVuSans.ttf'), bold: join(dir, 'DejaVuSans-Bold.ttf') };
}
