// 18-character citizen ID number (GB 11643-1999). Anything else is refused rather than
// passed through, so a malformed value can never reach a public page unmasked.
const ID_SHAPE = /^\d{17}[\dXx]$/;

/** `33028219900512123X` → `330282********123X`: area code and the last four stay, the birth date goes. */
export function maskIdNumber(idNumber: string): string {
  if (!ID_SHAPE.test(idNumber)) throw new RangeError('not an 18-character ID number');
  return `${idNumber.slice(0, 6)}${'*'.repeat(8)}${idNumber.slice(14)}`;
}
