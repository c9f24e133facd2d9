import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font, type GlyphRun } from 'fontkit';
import { compactCffSubsets } from './cff-subset';

// Noto Sans CJK SC (OFL-1.1) as OpenType files inside an npm package, so `npm install`
// is all a machine needs: no system font is assumed and nothing is fetched at run time.
// The files carry the full SC character set (30 000+ glyphs), so given-name characters
// outside GB 2312 (喆, 堃, 珺 …) render too. PDFs embed only the glyphs they use.

export type CjkWeight = 'regular' | 'bold';

const FILES: Record<CjkWeight, string> = { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' };

/** Where the installed package keeps the font file. */
export function cjkFontPath(weight: CjkWeight): string {
  // The package exports only its JS entry, with the fonts/ folder beside dist/.
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return join(dirname(entry), '..', 'fonts', FILES[weight]);
}

const parsed = new Map<CjkWeight, Font>();

/**
 * The font, parsed once per process and shared by every PDF: parsing an 8 MB CFF font
 * costs more than laying out a whole review form. Each document still subsets its own, with
 * only the subroutines its glyphs call (cff-subset.ts).
 */
export function cjkFont(weight: CjkWeight): Font {
  let font = parsed.get(weight);
  if (!font) {
    const opened = create(readFileSync(cjkFontPath(weight)));
    if ('fonts' in opened) throw new Error(`${FILES[weight]} is a font collection, not a font`);
    font = opened;
    compactCffSubsets(font);
    shareLayouts(font);
    parsed.set(weight, font);
  }
  return font;
}

/**
 * Shapes each run of text once per process: pdfkit's layout cache lives and dies with one
 * document, and fontkit's shaping (the OpenType features, per run) was a quarter of a review
 * form's time, on labels that are the same on every form. pdfkit scales a run's positions in
 * place, so each call gets its own copy of them. Only runs shaped with the default features.
 */
function shareLayouts(font: Font, limit = 20_000): void {
  const shaped = new Map<string, GlyphRun>();
  const shape = font.layout.bind(font);
  font.layout = ((text: string, ...options: unknown[]) => {
    if (options.some((o) => o !== undefined)) return (shape as (...args: unknown[]) => GlyphRun)(text, ...options);
    let run = shaped.get(text);
    if (!run) {
      // Bounded: the names and remarks of a season's documents do not stay for good.
      if (shaped.size >= limit) shaped.clear();
      run = shape(text);
      shaped.set(text, run);
    }
    return Object.assign(Object.create(Object.getPrototypeOf(run)), run, { positions: run.positions.map((p) => ({ ...p })) });
  }) as Font['layout'];
}
