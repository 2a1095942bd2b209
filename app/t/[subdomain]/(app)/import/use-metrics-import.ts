"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { FromWorker, ImportCounts, ImportOutcome, RowError, StartImport } from "./import-protocol";

export type ImportState =
  | { phase: "idle" }
  | { phase: "running"; counts: ImportCounts; isCancelling: boolean }
  | { phase: "finished"; outcome: ImportOutcome; counts: ImportCounts; errors: RowError[]; isErrorListTruncated: boolean; message?: string };

const NO_COUNTS: ImportCounts = { total: null, processed: 0, imported: 0, notImported: 0, errorCount: 0 };

/** Runs one import at a time in a dedicated worker; React state holds only its counters. */
export function useMetricsImport() {
  const [state, setState] = useState<ImportState>({ phase: "idle" });
  const workerRef = useRef<Worker | null>(null);

  const stopWorker = useCallback(() => {
    workerRef.current?.terminate();
    workerRef.current = null;
  }, []);

  // Leaving the page ends the worker, and with it the upload.
  useEffect(() => stopWorker, [stopWorker]);

  const start = useCallback(
    (request: Omit<StartImport, "type">) => {
      stopWorker();
      const worker = new Worker(new URL("./import-worker.ts", import.meta.url), { type: "module", name: "metrics-import" });
      workerRef.current = worker;
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.type === "progress") {
          setState((current) => ({ phase: "running", counts: message.counts, isCancelling: current.phase === "running" && current.isCancelling }));
          return;
        }
        const { outcome, counts, errors, isErrorListTruncated } = message;
        setState({ phase: "finished", outcome, counts, errors, isErrorListTruncated, message: message.message });
        stopWorker();
      };
      worker.onerror = () => {
        setState((current) => ({
          phase: "finished",
          outcome: "failed",
          counts: current.phase === "running" ? current.counts : NO_COUNTS,
          errors: [],
          isErrorListTruncated: false,
          message: "The import stopped unexpectedly. Rows already sent were imported; importing the file again is safe.",
        }));
        stopWorker();
      };
      setState({ phase: "running", counts: NO_COUNTS, isCancelling: false });
      worker.postMessage({ type: "start", ...request } satisfies StartImport);
    },
    [stopWorker],
  );

  const cancel = useCallback(() => {
    workerRef.current?.postMessage({ type: "cancel" });
    setState((current) => (current.phase === "running" ? { ...current, isCancelling: true } : current));
  }, []);

  const reset = useCallback(() => {
    stopWorker();
    setState({ phase: "idle" });
  }, [stopWorker]);

  return { state, start, cancel, reset };
}
