"use client";

import type { ImportState } from "./use-metrics-import";
import { ErrorReportLink } from "./error-report-link";
import { plural } from "./field-labels";

const SHOWN_ERRORS = 10;

type Finished = Extract<ImportState, { phase: "finished" }>;

export function ImportSummary({ result, onReset }: { result: Finished; onReset: () => void }) {
  const { counts, errors, outcome } = result;
  const headline = `Imported ${plural(counts.imported, "row")}, ${plural(counts.errorCount, "error")}.`;
  const tone = outcome === "completed" && counts.errorCount === 0 ? "border-emerald-300 bg-emerald-50" : "border-amber-300 bg-amber-50";
  return (
    <section className={`space-y-3 rounded-lg border p-4 text-sm ${tone}`} data-testid="import-summary" aria-live="polite">
      {outcome === "cancelled" ? <p className="font-medium">Import cancelled.</p> : null}
      {outcome === "failed" ? <p className="font-medium text-red-700">Import stopped: {result.message}</p> : null}
      <p className="text-base font-semibold">{headline}</p>
      {counts.notImported > 0 ? (
        <p>
          {plural(counts.notImported, "other row")} without errors {counts.notImported === 1 ? "was" : "were"} not imported: the server takes
          each batch of up to 5,000 rows whole or not at all, and {counts.notImported === 1 ? "it was" : "they were"} in a batch with a rejected row.
        </p>
      ) : null}
      {outcome === "completed" && counts.errorCount > 0 ? (
        <p className="text-slate-600">Fix the rows in the error report and import the file again: rows already imported are updated, never duplicated.</p>
      ) : null}
      {outcome !== "completed" ? (
        <p className="text-slate-600">Rows sent before the import ended stay imported. Importing the file again is safe: rows are updated, never duplicated.</p>
      ) : null}
      {errors.length > 0 ? (
        <>
          <table className="w-full rounded-md border border-slate-200 bg-white">
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
              <tr><th className="p-2">Line</th><th className="p-2">Field</th><th className="p-2">Problem</th></tr>
            </thead>
            <tbody>
              {errors.slice(0, SHOWN_ERRORS).map((error, index) => (
                <tr key={index} className="border-t border-slate-100">
                  <td className="p-2 tabular-nums">{error.line}</td><td className="p-2">{error.field}</td><td className="p-2">{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {errors.length > SHOWN_ERRORS ? <p className="text-slate-600">The first {SHOWN_ERRORS} are shown; the report has them all.</p> : null}
          {result.isErrorListTruncated ? <p className="text-slate-600">The report lists the first {plural(errors.length, "error")}.</p> : null}
        </>
      ) : null}
      <div className="flex flex-wrap gap-3">
        {errors.length > 0 ? <ErrorReportLink errors={errors} /> : null}
        <button type="button" onClick={onReset} className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50">
          Import another file
        </button>
      </div>
    </section>
  );
}
