// The metrics import, off the page's thread: streams the file, parses it with Papa Parse, normalises
// rows and uploads them in batches, one at a time. Parsing waits for each upload, so memory holds one
// batch whatever the file's size (Papa's own worker mode cannot pause, so it would race ahead and
// queue the whole file). The page gets counters at most every 100 ms and the error report at the end.

import { CsvRecordSplitter, metricRowKey, normaliseMetricRow, type MetricRowInput } from "@/lib/metrics/csv-formats";
import { DataRowFilter, parseCsvPiece, type NumberedRecords } from "./csv-records";
import type { FromWorker, ImportCounts, ImportOutcome, RowError, StartImport, ToWorker } from "./import-protocol";
import { postMetricsBatch } from "./post-metrics-batch";

const BATCH_ROWS = 5_000;
// The API caps request bodies (1 MiB by default); rows with long channel names could pass that
// before reaching 5,000.
const BATCH_BYTES = 900 * 1024;
const MAX_LISTED_ERRORS = 50_000;
const PROGRESS_INTERVAL_MS = 100;

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

// The project compiles against the DOM lib, which cannot be combined with the WebWorker lib, so `self`
// is typed as a window; this is the part of the worker scope used here.
const scope = self as unknown as WorkerScope;
let controller: AbortController | null = null;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "cancel") controller?.abort();
  else if (!controller) {
    controller = new AbortController();
    void runImport(message, controller.signal).finally(() => {
      controller = null;
    });
  }
};

class ImportStopped extends Error {}

async function runImport(start: StartImport, signal: AbortSignal): Promise<void> {
  const counts: ImportCounts = { total: null, processed: 0, imported: 0, notImported: 0, errorCount: 0 };
  const errors: RowError[] = [];
  const progress = throttle(() => scope.postMessage({ type: "progress", counts: { ...counts } }), PROGRESS_INTERVAL_MS);
  const report = (error: RowError) => {
    counts.errorCount += 1;
    if (errors.length < MAX_LISTED_ERRORS) errors.push(error);
  };

  let outcome: ImportOutcome = "completed";
  let message: string | undefined;
  try {
    counts.total = await countDataRows(start, signal);
    progress();
    await importRows(start, signal, counts, report, progress);
  } catch (error) {
    outcome = signal.aborted ? "cancelled" : "failed";
    if (!signal.aborted) message = error instanceof ImportStopped ? error.message : "The file could not be read. Choose it again and retry.";
  }
  progress.cancel();
  errors.sort((a, b) => a.line - b.line);
  scope.postMessage({ type: "done", outcome, counts, errors, isErrorListTruncated: counts.errorCount > errors.length, message });
}

/** First pass: the number of data rows, so progress can say "N of M rows". */
async function countDataRows(start: StartImport, signal: AbortSignal): Promise<number> {
  const filter = new DataRowFilter();
  let total = 0;
  for await (const piece of readPieces(start.file, start.delimiter, signal)) {
    for (const record of piece.records) if (filter.isDataRow(record)) total += 1;
  }
  return total;
}

async function importRows(
  start: StartImport,
  signal: AbortSignal,
  counts: ImportCounts,
  report: (error: RowError) => void,
  progress: () => void,
): Promise<void> {
  const filter = new DataRowFilter();
  // The API refuses a repeated (date, channel) within a request, and across requests the later row
  // would silently win; in one file it almost always means a channel column is not mapped.
  const firstLineOfKey = new Map<string, number>();
  const batch = new Batch();

  const send = async () => {
    const result = await postMetricsBatch(start.siteId, batch.rows, signal);
    if (result.kind === "fatal") throw new ImportStopped(result.message);
    if (result.kind === "imported") counts.imported += batch.rows.length;
    else {
      // All or nothing: the rows without an error of their own were not imported either.
      const rejected = new Set(result.details.map((detail) => detail.row));
      for (const detail of result.details) report({ line: batch.lines[detail.row] ?? 0, field: detail.field, message: detail.message });
      counts.notImported += batch.rows.length - [...rejected].filter((row) => row >= 0 && row < batch.rows.length).length;
    }
    counts.processed += batch.rows.length;
    batch.clear();
    progress();
  };

  for await (const piece of readPieces(start.file, start.delimiter, signal)) {
    for (let index = 0; index < piece.records.length; index++) {
      const record = piece.records[index]!;
      const line = piece.lines[index]!;
      if (!filter.isDataRow(record)) continue;
      const syntaxError = piece.syntaxErrors.get(index);
      const result = syntaxError ? { errors: [{ field: "", message: syntaxError }] } : normaliseMetricRow(record, start.mapping, { currency: start.currency });
      if ("errors" in result) {
        for (const error of result.errors) report({ line, ...error });
        counts.processed += 1;
        continue;
      }
      const key = metricRowKey(result.row);
      const firstLine = firstLineOfKey.get(key);
      if (firstLine !== undefined) {
        report({ line, field: "date", message: `Same date and channel as line ${firstLine}.` });
        counts.processed += 1;
        continue;
      }
      firstLineOfKey.set(key, line);
      const size = JSON.stringify(result.row).length + 1;
      if (batch.wouldOverflow(size)) await send();
      batch.add(result.row, line, size);
      if (batch.rows.length >= BATCH_ROWS) await send();
    }
    progress();
  }
  if (batch.rows.length > 0) await send();
}

/** The file as parsed pieces, read as a stream (TextDecoderStream keeps multi-byte characters whole). */
async function* readPieces(file: File, delimiter: string, signal: AbortSignal): AsyncGenerator<NumberedRecords> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  const splitter = new CsvRecordSplitter();
  let line = 1;
  try {
    for (;;) {
      signal.throwIfAborted();
      const { done, value } = await reader.read();
      const piece = done ? splitter.end() : splitter.push(value);
      if (piece !== null) {
        const parsed = parseCsvPiece(piece, delimiter, line);
        line = parsed.nextLine;
        yield parsed;
      }
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

class Batch {
  rows: MetricRowInput[] = [];
  lines: number[] = [];
  private bytes = 0;

  /** True if a row of `size` JSON bytes would push the request body past the cap. */
  wouldOverflow(size: number): boolean {
    return this.rows.length > 0 && this.bytes + size > BATCH_BYTES;
  }

  add(row: MetricRowInput, line: number, size: number): void {
    this.rows.push(row);
    this.lines.push(line);
    this.bytes += size;
  }

  clear(): void {
    this.rows = [];
    this.lines = [];
    this.bytes = 0;
  }
}

/** Calls `fn` at most once per interval, and once more after the last call in an interval. */
function throttle(fn: () => void, interval: number): (() => void) & { cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const call = () => {
    if (timer !== undefined) return;
    const wait = interval - (Date.now() - last);
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  return Object.assign(call, { cancel: () => clearTimeout(timer) });
}
