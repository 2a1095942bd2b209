"use client";

import { useCallback, useEffect, useRef, useState, type ChangeEvent } from "react";
import { defaultColumnMapping, detectCsvFormat, type ColumnMapping, type CsvFormat, type MetricField } from "@/lib/metrics/csv-formats";
import type { SiteView } from "@/lib/sites/site-types";
import { ErrorMessage, SelectField } from "../sites/form-fields";
import { ColumnMappingEditor } from "./column-mapping";
import { ImportProgress } from "./import-progress";
import { ImportSummary } from "./import-summary";
import { MappingPreview } from "./mapping-preview";
import { readCsvHead, type CsvHead } from "./read-csv-head";
import { TemplateLink } from "./template-link";
import { useMetricsImport } from "./use-metrics-import";

interface Chosen {
  file: File;
  head: CsvHead;
  detected: CsvFormat | null;
  format: CsvFormat;
  mapping: ColumnMapping;
}

export function MetricsImport({ sites }: { sites: SiteView[] }) {
  const [siteId, setSiteId] = useState(sites.length === 1 ? sites[0]!.id : "");
  const [chosen, setChosen] = useState<Chosen>();
  const [fileError, setFileError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  // A slow read of an earlier file must not overwrite a later choice.
  const readToken = useRef(0);
  const { state, start, cancel, reset } = useMetricsImport();
  const isRunning = state.phase === "running";
  const site = sites.find((candidate) => candidate.id === siteId);

  // Closing the tab would drop the rest of the file.
  useEffect(() => {
    if (!isRunning) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [isRunning]);

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    const token = ++readToken.current;
    setChosen(undefined);
    setFileError(undefined);
    reset();
    if (!file) return;
    const head = await readCsvHead(file);
    if (token !== readToken.current) return;
    if ("error" in head) return setFileError(head.error);
    const detected = detectCsvFormat(head.headers);
    const format = detected ?? "template";
    setChosen({ file, head, detected, format, mapping: defaultColumnMapping(format, head.headers) });
  }

  // Stable callbacks keep the memoised mapping editor from re-rendering on every progress update.
  const changeFormat = useCallback((format: CsvFormat) => {
    setChosen((current) => current && { ...current, format, mapping: defaultColumnMapping(format, current.head.headers) });
  }, []);

  const changeMapping = useCallback((field: MetricField, column: number | null) => {
    setChosen((current) => current && { ...current, mapping: { ...current.mapping, [field]: column } });
  }, []);

  function startImport() {
    if (!chosen || !site) return;
    start({ file: chosen.file, siteId: site.id, currency: site.currency, delimiter: chosen.head.delimiter, mapping: chosen.mapping });
  }

  function importAnother() {
    reset();
    setChosen(undefined);
    if (fileInput.current) fileInput.current.value = "";
  }

  const canImport = Boolean(site && chosen && chosen.mapping.date !== null && !isRunning);
  return (
    <div className="space-y-6">
      <div className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <div>
          <SelectField label="Site" name="siteId" value={siteId} onChange={(event) => setSiteId(event.target.value)} disabled={isRunning} required>
            {sites.length > 1 ? <option value="" disabled>Choose a site…</option> : null}
            {sites.map((option) => <option key={option.id} value={option.id}>{option.name}</option>)}
          </SelectField>
          {site ? <p className="mt-1 text-xs text-slate-500">{site.domain} · revenue read as {site.currency}</p> : null}
        </div>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">CSV file</span>
          <input
            ref={fileInput}
            type="file"
            name="file"
            accept=".csv,text/csv"
            onChange={chooseFile}
            disabled={isRunning}
            className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
          />
        </label>
        <p className="text-xs text-slate-500 sm:col-span-2">
          GA4 and Search Console exports are recognised by their columns. For anything else, use the <TemplateLink />.
        </p>
      </div>
      <ErrorMessage message={fileError} />
      {chosen ? (
        <>
          <ColumnMappingEditor
            headers={chosen.head.headers}
            detected={chosen.detected}
            format={chosen.format}
            mapping={chosen.mapping}
            isDisabled={isRunning}
            onFormatChange={changeFormat}
            onMappingChange={changeMapping}
          />
          <MappingPreview sample={chosen.head.sample} mapping={chosen.mapping} currency={site?.currency} />
        </>
      ) : null}
      <div className="flex items-center gap-4">
        <button
          type="button"
          onClick={startImport}
          disabled={!canImport}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          Import
        </button>
        {!site && chosen ? <p className="text-sm text-slate-600">Choose the site these metrics belong to.</p> : null}
      </div>
      {state.phase !== "idle" ? (
        <ImportProgress
          counts={state.counts}
          isRunning={isRunning}
          isCancelling={state.phase === "running" && state.isCancelling}
          onCancel={cancel}
        />
      ) : null}
      {state.phase === "finished" ? <ImportSummary result={state} onReset={importAnother} /> : null}
    </div>
  );
}
