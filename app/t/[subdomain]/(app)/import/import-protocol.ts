// Messages between the import page and its worker. The worker owns the file, the parsing and the
// uploads; the page only ever holds counters and, at the end, the error report.

import type { ColumnMapping } from "@/lib/metrics/csv-formats";

export interface RowError {
  /** Line in the CSV file, 1-based, as a spreadsheet or editor shows it. */
  line: number;
  field: string;
  message: string;
}

export interface StartImport {
  type: "start";
  file: File;
  siteId: string;
  currency: string;
  delimiter: string;
  mapping: ColumnMapping;
}

export type ToWorker = StartImport | { type: "cancel" };

export interface ImportCounts {
  /** Data rows in the file; null while they are being counted. */
  total: number | null;
  /** Data rows dealt with: imported, rejected or skipped. */
  processed: number;
  imported: number;
  /** Rows that had no error of their own but were in a batch the API rejected. */
  notImported: number;
  errorCount: number;
}

export type ImportOutcome = "completed" | "cancelled" | "failed";

export type FromWorker =
  | { type: "progress"; counts: ImportCounts }
  | { type: "done"; outcome: ImportOutcome; counts: ImportCounts; errors: RowError[]; isErrorListTruncated: boolean; message?: string };
