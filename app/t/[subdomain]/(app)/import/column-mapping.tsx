"use client";

import { memo } from "react";
import { CSV_FORMAT_LABELS, CSV_FORMATS, METRIC_FIELDS, type ColumnMapping, type CsvFormat, type MetricField } from "@/lib/metrics/csv-formats";
import { SelectField } from "../sites/form-fields";
import { FIELD_LABELS } from "./field-labels";

interface Props {
  headers: string[];
  detected: CsvFormat | null;
  format: CsvFormat;
  mapping: ColumnMapping;
  isDisabled: boolean;
  onFormatChange: (format: CsvFormat) => void;
  onMappingChange: (field: MetricField, column: number | null) => void;
}

/**
 * The format (detected, or chosen by hand) and, for each target field, the column it comes from.
 * Memoised: progress re-renders the page up to ten times a second and this part does not change.
 */
export const ColumnMappingEditor = memo(function ColumnMappingEditor({ headers, detected, format, mapping, isDisabled, onFormatChange, onMappingChange }: Props) {
  return (
    <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" disabled={isDisabled}>
      <legend className="px-1 font-semibold">Columns</legend>
      <div className="flex flex-wrap items-end gap-4">
        <SelectField label="Format" name="format" value={format} onChange={(event) => onFormatChange(event.target.value as CsvFormat)}>
          {CSV_FORMATS.map((option) => <option key={option} value={option}>{CSV_FORMAT_LABELS[option]}</option>)}
        </SelectField>
        <p className="pb-2 text-sm text-slate-600" role="status">
          {detected ? `Detected: ${CSV_FORMAT_LABELS[detected]}.` : "The columns were not recognised; map them by hand."}
        </p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {METRIC_FIELDS.map((field) => (
          <SelectField
            key={field}
            label={`${FIELD_LABELS[field]} column`}
            name={`column-${field}`}
            value={mapping[field] ?? ""}
            onChange={(event) => onMappingChange(field, event.target.value === "" ? null : Number(event.target.value))}
            error={field === "date" && mapping.date === null ? "Every row needs a date." : undefined}
          >
            <option value="">— none —</option>
            {headers.map((header, index) => <option key={index} value={index}>{header || `Column ${index + 1}`}</option>)}
          </SelectField>
        ))}
      </div>
      <p className="text-xs text-slate-500">
        Columns mapped to none are left as they are for days already imported, so a Search Console file and a GA4 file of the same
        days add up. Without a channel column, rows go to the organic channel. CTR is ignored: it follows from clicks and impressions.
      </p>
    </fieldset>
  );
});
