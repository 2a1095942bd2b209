// Parsing pieces of CSV text into records that know their line in the file, and telling data rows
// from the rest. Shared by the preview (page) and the import (worker) so both see the same rows.

import Papa from "papaparse";
import { isSkippableRecord, isTotalsRecord, recordLineSpan } from "@/lib/metrics/csv-formats";

export interface NumberedRecords {
  records: string[][];
  /** lines[i] is the file line on which records[i] starts. */
  lines: number[];
  /** CSV syntax problems (an unclosed quote), by record index. */
  syntaxErrors: Map<number, string>;
  nextLine: number;
}

/** Parses a piece that ends on a record boundary and starts on `firstLine`. */
export function parseCsvPiece(piece: string, delimiter: string, firstLine: number): NumberedRecords {
  // Papa yields no record for "", but an empty piece is one blank line between two line breaks.
  const result = piece === "" ? { data: [[""]], errors: [] } : Papa.parse<string[]>(piece, { delimiter, header: false });
  const lines: number[] = [];
  let line = firstLine;
  for (const record of result.data) {
    lines.push(line);
    line += recordLineSpan(record);
  }
  const syntaxErrors = new Map<number, string>();
  for (const error of result.errors) {
    if (error.type === "Quotes" && error.row !== undefined && !syntaxErrors.has(error.row)) syntaxErrors.set(error.row, error.message);
  }
  return { records: result.data, lines, syntaxErrors, nextLine: line };
}

/**
 * Which records are data: the first non-blank, non-comment record is the header; blank lines, "#"
 * comments, repeats of the header (GA4 starts every table of a file with one) and totals rows are not.
 */
export class DataRowFilter {
  private header: string[] | null = null;

  /** Feeds the next record in file order; true if it is a data row. */
  isDataRow(record: string[]): boolean {
    if (isSkippableRecord(record)) return false;
    if (this.header === null) {
      this.header = record;
      return false;
    }
    if (record.length === this.header.length && record.every((cell, index) => cell === this.header?.[index])) return false;
    return !isTotalsRecord(record);
  }

  get headerRecord(): string[] | null {
    return this.header;
  }
}
