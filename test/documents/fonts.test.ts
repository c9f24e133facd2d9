import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { encodeInteger } from '../../src/documents/cff-subset';
import { type CjkWeight, cjkFont, cjkFontPath } from '../../src/documents/fonts';
import { PRINTING_NOTE } from '../../src/documents/review-form';
import { certificateInput, publicityList } from './fixtures';

// The fonts as the documents use them: subsets that keep only the subroutines their glyphs
// call (cff-subset.ts) must draw every glyph exactly as the font does, and a run of text
// shaped once per process must come out as fontkit shapes it.

/** What fontkit's private CFF parts look like from here: enough to read a subset back. */
type Cff = { stream: { constructor: new (bytes: Uint8Array) => unknown }; constructor: new (stream: unknown) => CffBack };
type CffBack = { globalSubrIndex: unknown[]; topDict: { FDArray: Array<{ Private?: { Subrs?: unknown[] | null } }> } };
type Outline = { path: { toSVG(): string } };

const stockFont = (weight: CjkWeight) => create(readFileSync(cjkFontPath(weight))) as Font;
const cffOf = (font: Font) => (font as unknown as Record<string, Cff>)['CFF ']!;
const subrCount = (cff: CffBack) =>
  cff.globalSubrIndex.length + cff.topDict.FDArray.reduce((n, fd) => n + (fd.Private?.Subrs?.length ?? 0), 0);

/** The glyphs of the documents' own words, then a sample across the whole font. */
function sampleGlyphs(font: Font): number[] {
  const text = `${PRINTING_NOTE}${JSON.stringify(certificateInput())}${JSON.stringify(publicityList())}喆堃珺`;
  const ids = new Set(font.layout(text).glyphs.map((g) => g.id));
  for (let gid = 1; gid < font.numGlyphs; gid += 53) ids.add(gid);
  return [...ids];
}

function subsetOf(font: Font, glyphs: number[]): { bytes: Uint8Array; order: number[] } {
  const subset = font.createSubset() as unknown as { includeGlyph(gid: number): number; encode(): Uint8Array; glyphs: number[] };
  for (const gid of glyphs) subset.includeGlyph(gid);
  return { bytes: subset.encode(), order: subset.glyphs };
}

describe.each(['regular', 'bold'] as const)('the %s font', (weight) => {
  it('embeds subsets that draw every glyph as the font does, with only the subroutines they call', () => {
    const font = cjkFont(weight);
    const reference = stockFont(weight);
    const glyphs = sampleGlyphs(font);
    const { bytes, order } = subsetOf(font, glyphs);
    const stock = subsetOf(reference, glyphs).bytes;

    const cff = cffOf(reference);
    const back = new cff.constructor(new cff.stream.constructor(bytes));
    const Glyph = reference.getGlyph(0).constructor as new (id: number, codePoints: number[], font: unknown) => Outline;
    const drawn = order.map((_, i) => new Glyph(i, [], { 'CFF ': back }).path.toSVG());
    expect(drawn).toEqual(order.map((gid) => (reference.getGlyph(gid) as unknown as Outline).path.toSVG()));
    // fontkit's own subset keeps all ~25 000 subroutines of the font, emptied; 600 glyphs call 3 000.
    expect(subrCount(back)).toBeLessThan(subrCount(new cff.constructor(new cff.stream.constructor(stock))) / 5);
    expect(bytes.length).toBeLessThan(stock.length);
  });

  it('shapes a run of text once, handing each caller its own positions', () => {
    const font = cjkFont(weight);
    const reference = stockFont(weight);
    const text = '慈溪市某某建设工程有限公司 Ab1';
    const first = font.layout(text);
    const expected = reference.layout(text);
    expect(first.glyphs.map((g) => g.id)).toEqual(expected.glyphs.map((g) => g.id));
    expect(first.positions.map((p) => ({ ...p }))).toEqual(expected.positions.map((p) => ({ ...p })));
    expect(first.advanceWidth).toBe(expected.advanceWidth);
    // pdfkit scales the positions in place: the next document must not get them scaled twice.
    for (const p of first.positions) p.xAdvance *= 2;
    expect(font.layout(text).advanceWidth).toBe(expected.advanceWidth);
    expect(font.layout(text, ['vert']).positions.length).toBe(expected.positions.length);
  });
});

it('writes each subroutine number in its shortest Type 2 form (TN 5177 §3.2)', () => {
  expect(
    [0, 107, -107, 108, 1131, -108, -1131, 1132, -1132, 22000].map((v) =>
      encodeInteger(v)
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(' '),
    ),
  ).toEqual(['8b', 'f6', '20', 'f7 00', 'fa ff', 'fb 00', 'fe ff', '1c 04 6c', '1c fb 94', '1c 55 f0']);
});
