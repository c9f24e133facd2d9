// Uploaded materials are judged by their first bytes, never by file name or the
// client's Content-Type: a renamed text file must not pass as a scan (五(一)).

export type SniffedType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** Bytes of a file's head that `sniffMimeType` needs to decide. */
export const SNIFF_BYTES = 8;

const SIGNATURES: ReadonlyArray<{ type: SniffedType; bytes: readonly number[] }> = [
  { type: 'application/pdf', bytes: [...Buffer.from('%PDF-', 'latin1')] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] }, // SOI, then the first marker's 0xFF
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The MIME type the content starts like, or null. Pass at least `SNIFF_BYTES` of the head. */
export function sniffMimeType(head: Uint8Array): SniffedType | null {
  const match = SIGNATURES.find(({ bytes }) => bytes.length <= head.length && bytes.every((b, i) => head[i] === b));
  return match?.type ?? null;
}
