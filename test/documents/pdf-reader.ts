import jsQR from 'jsqr';
import { extractImages, extractText, getDocumentProxy } from 'unpdf';

// Reads a rendered PDF back the way a viewer would (pdf.js), so the tests check the
// bytes the renderers produce, not the calls they make.

// Node 20 lacks ES2024's ArrayBuffer.prototype.transferToFixedLength, which the pdf.js
// inside unpdf calls while building a page's operator list (so: reading images). A copy
// stands in for the transfer; nothing here relies on the source being detached.
if (!('transferToFixedLength' in ArrayBuffer.prototype)) {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    value(this: ArrayBuffer, length = this.byteLength): ArrayBuffer {
      const copy = new Uint8Array(length);
      copy.set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy.buffer;
    },
  });
}

export interface ReadPdf {
  pageSizes: Array<{ width: number; height: number }>;
  /** Each page's text, whitespace removed: wrapping and item order do not matter. */
  pageTexts: string[];
  /** Each page's text as pdf.js reads it, a line per line of print. */
  rawTexts: string[];
  images(page: number): ReturnType<typeof extractImages>;
}

export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  // pdf.js takes ownership of the buffer it is given.
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const pageSizes = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const [x0, y0, x1, y1] = (await pdf.getPage(n)).view;
    pageSizes.push({ width: Number(x1) - Number(x0), height: Number(y1) - Number(y0) });
  }
  const { text } = await extractText(pdf, { mergePages: false });
  return { pageSizes, pageTexts: text.map(compact), rawTexts: text, images: (page) => extractImages(pdf, page) };
}

export const A3 = { width: 841.89, height: 1190.55 };
export const A4 = { width: 595.28, height: 841.89 };

/** What each image on `page` (1-based) scans as, read as a phone would read a QR code; null for an image that is none. */
export async function qrCodesOn(pdf: ReadPdf, page: number): Promise<Array<string | null>> {
  return (await pdf.images(page)).map((image) => jsQR(rgba(image), image.width, image.height)?.data ?? null);
}

/** Pixels as jsQR wants them: RGBA, whatever the image's channel count. */
function rgba({
  data,
  width,
  height,
  channels,
}: {
  data: Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}): Uint8ClampedArray {
  if (channels === 4) return data;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = data[p * channels + (channels === 1 ? 0 : c)]!;
    out[p * 4 + 3] = 255;
  }
  return out;
}
