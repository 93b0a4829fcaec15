import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { DIAGRAM_FONT } from '@strata/diagrams-domain';

const requireFrom = createRequire(__filename);

/** DejaVu Sans from npm (`dejavu-fonts-ttf`): the PNG's text looks the same on every machine, with no system fonts. */
export const DIAGRAM_FONT_FILES: readonly string[] = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => requireFrom.resolve(`dejavu-fonts-ttf/ttf/${file}`));

/** A PNG is at most this wide or tall; a larger diagram is scaled down to fit. */
export const MAX_PNG_SIDE = 8_000;
/** Nor more pixels than this (resvg's time goes with the pixels: about 3 s for 25 Mpx on the dev machine). */
export const MAX_PNG_PIXELS = 16_000_000;

export interface RenderedPng {
  png: Buffer;
  width: number;
  height: number;
}

/** The diagram's SVG as a PNG (resvg), at 1 px per unit unless that passes {@link MAX_PNG_SIDE} or {@link MAX_PNG_PIXELS}. */
export function svgToPng(svg: string, size: { width: number; height: number }): RenderedPng {
  const scale = Math.min(1, MAX_PNG_SIDE / Math.max(size.width, size.height), Math.sqrt(MAX_PNG_PIXELS / (size.width * size.height)));
  const fitTo = scale < 1 ? ({ mode: 'zoom', value: scale } as const) : ({ mode: 'original' } as const);
  const rendered = new Resvg(svg, { fitTo, font: { fontFiles: [...DIAGRAM_FONT_FILES], loadSystemFonts: false, defaultFontFamily: DIAGRAM_FONT }, background: '#FFFFFF' }).render();
  return { png: rendered.asPng(), width: rendered.width, height: rendered.height };
}
