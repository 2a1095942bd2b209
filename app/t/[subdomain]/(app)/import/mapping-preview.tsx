"use client";

import { memo } from "react";
import { METRIC_FIELDS, normaliseMetricRow, type ColumnMapping } from "@/lib/metrics/csv-formats";
import type { CsvHead } from "./read-csv-head";
import { FIELD_LABELS } from "./field-labels";

interface Props {
  sample: CsvHead["sample"];
  mapping: ColumnMapping;
  currency: string | undefined;
}

/** The first rows as they will be sent, with each problem shown where it is (memoised like the mapping editor). */
export const MappingPreview = memo(function MappingPreview({ sample, mapping, currency }: Props) {
  const fields = METRIC_FIELDS.filter((field) => mapping[field] !== null);
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading" className="mb-2 font-semibold">Preview of the first {sample.length} rows</h2>
      {currency ? null : <p className="mb-2 text-sm text-slate-500">Choose a site to check revenue against its currency.</p>}
      <div className="overflow-x-auto">
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" data-testid="import-preview">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="p-2">Line</th>
              {fields.map((field) => <th key={field} className="p-2">{FIELD_LABELS[field]}</th>)}
            </tr>
          </thead>
          <tbody>
            {sample.length === 0 ? (
              <tr><td colSpan={fields.length + 1} className="p-4 text-center text-slate-500">The file has no data rows.</td></tr>
            ) : null}
            {sample.map(({ line, record }) => (
              <PreviewRow key={line} line={line} record={record} mapping={mapping} fields={fields} currency={currency ?? "USD"} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
});

interface RowProps {
  line: number;
  record: string[];
  mapping: ColumnMapping;
  fields: (typeof METRIC_FIELDS)[number][];
  currency: string;
}

function PreviewRow({ line, record, mapping, fields, currency }: RowProps) {
  const result = normaliseMetricRow(record, mapping, { currency });
  const problems = "errors" in result ? new Map(result.errors.map((error) => [error.field, error.message])) : new Map<string, string>();
  return (
    <tr className="border-t border-slate-100">
      <td className="p-2 text-slate-500">{line}</td>
      {fields.map((field) => {
        const problem = problems.get(field);
        const raw = mapping[field] === null ? "" : (record[mapping[field]] ?? "");
        const value = "row" in result ? result.row[field] : raw;
        return problem ? (
          <td key={field} className="bg-red-50 p-2 text-red-700">
            <span className="block">{raw || "(empty)"}</span>
            <span className="block text-xs">{problem}</span>
          </td>
        ) : (
          <td key={field} className="p-2 tabular-nums">{value ?? ""}</td>
        );
      })}
    </tr>
  );
}
