"use client";

import Papa from "papaparse";
import { useEffect, useState } from "react";
import type { RowError } from "./import-protocol";

/** A download of the error report as CSV: line, field, message. */
export function ErrorReportLink({ errors }: { errors: RowError[] }) {
  const [url, setUrl] = useState<string>();

  useEffect(() => {
    // Messages quote the offending cell, so a cell like "=HYPERLINK(…)" must not become a formula
    // when the report is opened in a spreadsheet.
    const csv = Papa.unparse({ fields: ["line", "field", "message"], data: errors.map((error) => [error.line, error.field, error.message]) }, { escapeFormulae: true });
    const objectUrl = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [errors]);

  return url ? (
    <a href={url} download="metrics-import-errors.csv" className="inline-block rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50">
      Download error report
    </a>
  ) : null;
}
