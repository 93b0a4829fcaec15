import type { Glyph } from '../model/diagram-model';
import { num } from './svg-text';

/**
 * One small drawing per kind of resource, 32 × 32 at the origin, in the glyph's colour. These are
 * Strata's own drawings (simple shapes, no vendor icon set), so no icon licence applies.
 */
export const GLYPH_SIZE = 32;

const COLOURS: Record<Glyph, string> = {
  instance: '#ED7100',
  database: '#C925D1',
  function: '#ED7100',
  load_balancer: '#8C4FFF',
  nat_gateway: '#8C4FFF',
  internet_gateway: '#8C4FFF',
  security_group: '#DD344C',
  bucket: '#7AA116',
  identity: '#DD344C',
  key: '#DD344C',
  cluster: '#ED7100',
  trail: '#E7157B',
  workload: '#326CE5',
  service: '#326CE5',
  ingress: '#326CE5',
  vpc: '#8C4FFF',
  subnet: '#147EBA',
  resource: '#7D8998',
};

const SHAPES: Record<Glyph, string> = {
  // A chip: a square with pins.
  instance:
    '<rect x="7" y="7" width="18" height="18" rx="2" fill="C"/><path d="M11 3v4M16 3v4M21 3v4M11 25v4M16 25v4M21 25v4M3 11h4M3 16h4M3 21h4M25 11h4M25 16h4M25 21h4" stroke="C" stroke-width="2"/>',
  // A cylinder.
  database: '<path d="M5 8v16c0 2.8 5 5 11 5s11-2.2 11-5V8" fill="C"/><ellipse cx="16" cy="8" rx="11" ry="5" fill="W" stroke="C" stroke-width="2"/>',
  // A lambda-like stroke in a rounded square.
  function: '<rect x="2" y="2" width="28" height="28" rx="5" fill="C"/><path d="M9 25l7-12M12 7h3l9 18" stroke="W" stroke-width="2.6" fill="none" stroke-linecap="round"/>',
  // One circle fanning out to three.
  load_balancer:
    '<circle cx="8" cy="16" r="5" fill="C"/><circle cx="25" cy="6" r="3.5" fill="C"/><circle cx="25" cy="16" r="3.5" fill="C"/><circle cx="25" cy="26" r="3.5" fill="C"/><path d="M12 14l10-7M13 16h9M12 18l10 7" stroke="C" stroke-width="2"/>',
  // A diamond with a through arrow.
  nat_gateway: '<path d="M16 2l14 14-14 14L2 16z" fill="C"/><path d="M8 16h14M18 11l5 5-5 5" stroke="W" stroke-width="2.4" fill="none"/>',
  // A globe.
  internet_gateway:
    '<circle cx="16" cy="16" r="13" fill="W" stroke="C" stroke-width="2.4"/><ellipse cx="16" cy="16" rx="5.5" ry="13" fill="none" stroke="C" stroke-width="2"/><path d="M3 16h26M6 9h20M6 23h20" stroke="C" stroke-width="1.6"/>',
  // A shield.
  security_group: '<path d="M16 2l12 5v8c0 7-5 12-12 15C9 27 4 22 4 15V7z" fill="C"/><path d="M11 16l4 4 7-8" stroke="W" stroke-width="2.4" fill="none"/>',
  // A bucket.
  bucket: '<path d="M4 8h24l-3 20H7z" fill="C"/><ellipse cx="16" cy="8" rx="12" ry="3.5" fill="W" stroke="C" stroke-width="2"/>',
  // A person.
  identity: '<circle cx="16" cy="10" r="6" fill="C"/><path d="M4 30c0-7 5-11 12-11s12 4 12 11z" fill="C"/>',
  // A key.
  key: '<circle cx="10" cy="16" r="7" fill="none" stroke="C" stroke-width="3"/><path d="M17 16h12M25 16v6M21 16v4" stroke="C" stroke-width="3"/>',
  // A hexagon.
  cluster: '<path d="M16 2l12 7v14l-12 7-12-7V9z" fill="C"/><circle cx="16" cy="16" r="5" fill="W"/>',
  // A list of steps.
  trail: '<rect x="3" y="3" width="26" height="26" rx="4" fill="C"/><path d="M8 10h16M8 16h16M8 22h10" stroke="W" stroke-width="2.4"/>',
  // Stacked boxes.
  workload: '<rect x="10" y="3" width="19" height="14" rx="2" fill="C" opacity="0.45"/><rect x="6" y="8" width="19" height="14" rx="2" fill="C" opacity="0.7"/><rect x="2" y="14" width="19" height="14" rx="2" fill="C"/>',
  // A hub and spokes.
  service: '<path d="M16 16L6 6M16 16l10-10M16 16v12" stroke="C" stroke-width="2.4"/><circle cx="16" cy="16" r="6" fill="C"/><circle cx="6" cy="6" r="3.5" fill="C"/><circle cx="26" cy="6" r="3.5" fill="C"/><circle cx="16" cy="28" r="3.5" fill="C"/>',
  // An arrow into a door.
  ingress: '<rect x="14" y="3" width="15" height="26" rx="2" fill="none" stroke="C" stroke-width="2.4"/><path d="M2 16h17M14 11l5 5-5 5" stroke="C" stroke-width="2.6" fill="none"/>',
  // A cloud-like frame.
  vpc: '<rect x="2" y="6" width="28" height="20" rx="6" fill="none" stroke="C" stroke-width="2.6"/><path d="M9 16h14" stroke="C" stroke-width="2.6"/>',
  // A dashed square.
  subnet: '<rect x="3" y="3" width="26" height="26" rx="3" fill="none" stroke="C" stroke-width="2.4" stroke-dasharray="4 3"/>',
  // A plain rounded square.
  resource: '<rect x="4" y="4" width="24" height="24" rx="5" fill="C"/>',
};

const DRAWN: Record<Glyph, string> = Object.fromEntries(
  (Object.keys(SHAPES) as Glyph[]).map((glyph) => [glyph, SHAPES[glyph].replace(/"C"/g, `"${COLOURS[glyph]}"`).replace(/"W"/g, '"#FFFFFF"')]),
) as Record<Glyph, string>;

/** The glyph's drawing, its top left at (x, y). */
export function glyphSvg(glyph: Glyph, x: number, y: number): string {
  return `<g transform="translate(${num(x)} ${num(y)})">${DRAWN[glyph]}</g>`;
}

export const glyphColour = (glyph: Glyph): string => COLOURS[glyph];
