// Codes people read off paper and type back: the review form's (三(二)) and the
// certificate's (三(四)). Crockford's base 32 leaves out I, L, O and U, so a code read
// aloud or off a smudged print has one spelling; case, separators and the letters it
// leaves out are forgiven on the way back in.

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The canonical spelling of a typed code: upper case, no separators, O as 0, I and L as 1. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** `K7Q2M9XD` → `K7Q2-M9XD`: groups of four, as printed. */
export function formatCode(code: string): string {
  return (normalizeCode(code).match(/.{1,4}/g) ?? []).join('-');
}

export const sameCode = (a: string, b: string) => normalizeCode(a) === normalizeCode(b);
