import { DIAGRAM_FONT } from '@strata/diagrams-domain';
import { decodePng, distinctColours } from '@strata/diagrams-domain/testing';
import { MAX_PNG_PIXELS, MAX_PNG_SIDE, svgToPng } from './svg-to-png';

const svgOf = (width: number, height: number, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${DIAGRAM_FONT}"><rect width="${width}" height="${height}" fill="#FFFFFF"/>${body}</svg>`;

const darkPixels = (png: ReturnType<typeof decodePng>) => {
  let dark = 0;
  for (let i = 0; i < png.rgba.length; i += 4) if (png.rgba[i]! < 128 && png.rgba[i + 1]! < 128 && png.rgba[i + 2]! < 128) dark++;
  return dark;
};

describe('svgToPng', () => {
  it('draws text with the bundled DejaVu Sans, no system font needed', () => {
    const blank = decodePng(svgToPng(svgOf(300, 60, ''), { width: 300, height: 60 }).png);
    const text = decodePng(svgToPng(svgOf(300, 60, '<text x="10" y="40" font-size="28" fill="#000000">Strata diagrams</text>'), { width: 300, height: 60 }).png);
    expect([text.width, text.height]).toEqual([300, 60]);
    expect(darkPixels(blank)).toBe(0);
    expect(darkPixels(text)).toBeGreaterThan(500);
    expect(distinctColours(text)).toBeGreaterThan(2);
  });

  it(`scales a picture down to ${MAX_PNG_SIDE} px a side and ${MAX_PNG_PIXELS / 1e6} Mpx`, () => {
    const wide = svgToPng(svgOf(16_000, 400, '<rect x="10" y="10" width="100" height="100" fill="#8C4FFF"/>'), { width: 16_000, height: 400 });
    expect([wide.width, wide.height]).toEqual([MAX_PNG_SIDE, 200]);
    expect(decodePng(wide.png)).toMatchObject({ width: MAX_PNG_SIDE, height: 200 });
    const big = svgToPng(svgOf(6_000, 6_000, ''), { width: 6_000, height: 6_000 });
    expect(big.width * big.height).toBeLessThanOrEqual(MAX_PNG_PIXELS);
    expect(big.width).toBe(big.height);
  });
});
