// RFC 4180 CSV as Excel opens it without an import dialog: a UTF-8 byte-order mark (or
// Chinese text is read in the legacy code page), CRLF line ends, and fields quoted when
// they hold a comma, quote or line break.

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;
// A cell Excel would run as a formula (CSV injection); a leading apostrophe makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(rows: ReadonlyArray<readonly string[]>): string {
  return BOM + rows.map((row) => `${row.map(field).join(',')}\r\n`).join('');
}

function field(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
