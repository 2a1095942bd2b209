// CSV for spreadsheets: RFC 4180 quoting, and cells a spreadsheet would run as a formula (starting
// with = + - @, or a tab/CR/LF that some programs skip before looking) get a leading apostrophe.

const FORMULA_START = /^[=+\-@\t\r\n]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One cell, neutralised and quoted as needed. */
export function toCsvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One line, CRLF-terminated. */
export function toCsvLine(values: string[]): string {
  return `${values.map(toCsvCell).join(",")}\r\n`;
}
