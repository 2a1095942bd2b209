import Papa from "papaparse";
import { CsvRecordSplitter } from "@/lib/metrics/csv-formats";
import { DataRowFilter, parseCsvPiece } from "./csv-records";

// The preview needs the header and a few rows; the first 64 KiB hold them in any export, and parsing
// no more than that keeps the page's thread free.
const HEAD_BYTES = 64 * 1024;
const SAMPLE_ROWS = 10;

export interface CsvHead {
  headers: string[];
  sample: { line: number; record: string[] }[];
  delimiter: string;
}

export async function readCsvHead(file: File): Promise<CsvHead | { error: string }> {
  let text: string;
  try {
    text = await file.slice(0, HEAD_BYTES).text();
  } catch {
    return { error: "The file could not be read." };
  }
  // Cut the slice back to the last complete record, unless it is the whole file.
  const splitter = new CsvRecordSplitter();
  const complete = file.size > HEAD_BYTES ? splitter.push(text) : [splitter.push(text), splitter.end()].filter((piece) => piece !== null).join("\n");
  if (!complete) return { error: file.size > HEAD_BYTES ? "The file's first line is too long to be a CSV header." : "The file is empty." };

  // Guess the delimiter with comment lines left out: GA4's "# Account: …" lines would confuse it.
  const guess = Papa.parse<string[]>(complete, { preview: 50, comments: "#", skipEmptyLines: true });
  const delimiter = guess.meta.delimiter || ",";

  const { records, lines } = parseCsvPiece(complete, delimiter, 1);
  const filter = new DataRowFilter();
  const sample: CsvHead["sample"] = [];
  records.forEach((record, index) => {
    if (filter.isDataRow(record) && sample.length < SAMPLE_ROWS) sample.push({ line: lines[index] ?? 0, record });
  });
  const headers = filter.headerRecord;
  if (!headers) return { error: "The file has no header row." };
  return { headers: headers.map((header) => header.trim()), sample, delimiter };
}
