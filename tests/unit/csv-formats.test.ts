import { describe, expect, it } from "vitest";
import {
  CsvRecordSplitter,
  defaultColumnMapping,
  detectCsvFormat,
  isSkippableRecord,
  isTotalsRecord,
  metricRowKey,
  metricsTemplateCsv,
  normaliseChannel,
  normaliseMetricRow,
  parseCount,
  parseMetricDate,
  parsePosition,
  parseRevenue,
  recordLineSpan,
  TEMPLATE_HEADERS,
  type ColumnMapping,
} from "@/lib/metrics/csv-formats";

const GA4_HEADERS = ["Session default channel group", "Date", "Sessions", "Engaged sessions", "Key events", "Total revenue"];
const GSC_HEADERS = ["Date", "Clicks", "Impressions", "CTR", "Position"];
const USD = { currency: "USD" };

describe("detectCsvFormat", () => {
  it("recognises a GA4 traffic acquisition export", () => {
    expect(detectCsvFormat(GA4_HEADERS)).toBe("ga4");
    expect(detectCsvFormat(["Date", "Default channel group", "Sessions", "Conversions", "Purchase revenue"])).toBe("ga4");
  });

  it("recognises a Search Console performance export", () => {
    expect(detectCsvFormat(GSC_HEADERS)).toBe("search-console");
    expect(detectCsvFormat(["\uFEFFDate", "Clicks", "Impressions", "Position"])).toBe("search-console");
  });

  it("recognises the template, whole or in part", () => {
    expect(detectCsvFormat(TEMPLATE_HEADERS)).toBe("template");
    expect(detectCsvFormat(["date", "channel", "revenue"])).toBe("template");
    expect(detectCsvFormat(["date", "clicks", "impressions", "position"])).toBe("template");
  });

  it("gives up on files without a date column or with unknown columns", () => {
    expect(detectCsvFormat(["Clicks", "Impressions"])).toBeNull();
    expect(detectCsvFormat(["Date", "Temperature"])).toBeNull();
    expect(detectCsvFormat([])).toBeNull();
  });
});

describe("defaultColumnMapping", () => {
  it("maps GA4 columns by name, wherever they are", () => {
    expect(defaultColumnMapping("ga4", GA4_HEADERS)).toEqual({
      date: 1, channel: 0, sessions: 2, conversions: 4, revenue: 5, clicks: null, impressions: null, position: null,
    });
  });

  it("maps Search Console columns and ignores CTR", () => {
    expect(defaultColumnMapping("search-console", GSC_HEADERS)).toEqual({
      date: 0, channel: null, sessions: null, conversions: null, revenue: null, clicks: 1, impressions: 2, position: 4,
    });
  });

  it("maps the template's columns one to one", () => {
    const mapping = defaultColumnMapping("template", [...TEMPLATE_HEADERS].reverse());
    expect(mapping.date).toBe(7);
    expect(mapping.position).toBe(0);
  });

  it("maps headers case- and space-insensitively", () => {
    expect(defaultColumnMapping("ga4", ["DATE", "  Key   Events "]).conversions).toBe(1);
  });
});

describe("record classification", () => {
  it("skips GA4 comment lines and blank lines", () => {
    expect(isSkippableRecord(["# Start date: 20240101"])).toBe(true);
    expect(isSkippableRecord(["", " "])).toBe(true);
    expect(isSkippableRecord(["20240101", "12"])).toBe(false);
  });

  it("spots totals rows, whichever column holds the label", () => {
    expect(isTotalsRecord(["Grand total", "", "100"])).toBe(true);
    expect(isTotalsRecord(["", "Total", "100"])).toBe(true);
    expect(isTotalsRecord(["Direct", "20240101", "100"])).toBe(false);
    expect(isTotalsRecord(["", ""])).toBe(false);
  });
});

describe("parseMetricDate", () => {
  it.each([
    ["2024-03-05", "2024-03-05"],
    ["20240305", "2024-03-05"],
    ["2024/03/05", "2024-03-05"],
    ["2024-02-29", "2024-02-29"],
  ])("reads %s as %s", (text, expected) => {
    expect(parseMetricDate(text)).toEqual({ ok: true, value: expected });
  });

  it.each(["03/05/2024", "5.3.2024", "2024-3-5", "yesterday", "2024-13-01", "20230229", "2024-04-31"])("refuses %s", (text) => {
    expect(parseMetricDate(text).ok).toBe(false);
  });

  it("says a missing date is missing", () => {
    expect(parseMetricDate("")).toEqual({ ok: false, message: "Missing date." });
  });
});

describe("number parsing", () => {
  it.each([
    ["1234", 1234],
    ["1,234", 1234],
    ["1,234,567", 1234567],
    ["1 234", 1234],
    ["1\u00a0234", 1234],
    ["1'234", 1234],
    ["12.0", 12],
    ["0", 0],
  ])("reads the count %s as %d", (text, expected) => {
    expect(parseCount(text, 2_147_483_647)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["12.5", "Must be a whole number."],
    ["-3", "Must not be negative."],
    ["12,34", "12,34 is not a number."],
    ["1,2345", "1,2345 is not a number."],
    ["1,234 567", "1,234 567 is not a number."],
    ["abc", "abc is not a number."],
    ["1e5", "1e5 is not a number."],
    ["45%", "Must be a number, not a percentage."],
    ["2147483648", "Too large."],
  ])("refuses the count %s", (text, message) => {
    expect(parseCount(text, 2_147_483_647)).toEqual({ ok: false, message });
  });

  it("reads revenue as a decimal string in the currency's minor unit, rounding half away from zero", () => {
    expect(parseRevenue("1234.56", "USD")).toEqual({ ok: true, value: "1234.56" });
    expect(parseRevenue("1,234.5", "USD")).toEqual({ ok: true, value: "1234.50" });
    expect(parseRevenue("$1,234.5600000001", "USD")).toEqual({ ok: true, value: "1234.56" });
    expect(parseRevenue("0.005", "USD")).toEqual({ ok: true, value: "0.01" });
    expect(parseRevenue("-12.345", "USD")).toEqual({ ok: true, value: "-12.35" });
    expect(parseRevenue("99.999", "USD")).toEqual({ ok: true, value: "100.00" });
    expect(parseRevenue("1500.4", "JPY")).toEqual({ ok: true, value: "1500" });
    expect(parseRevenue("1.2345", "BHD")).toEqual({ ok: true, value: "1.235" });
    expect(parseRevenue(".5", "EUR")).toEqual({ ok: true, value: "0.50" });
  });

  it("refuses revenue that is not an amount or too large", () => {
    expect(parseRevenue("12,5", "EUR").ok).toBe(false);
    expect(parseRevenue("n/a", "USD").ok).toBe(false);
    expect(parseRevenue("99999999999999999", "USD")).toEqual({ ok: false, message: "Amount is too large." });
  });

  it("keeps positions to two decimals between 1 and 1000", () => {
    expect(parsePosition("8.456")).toEqual({ ok: true, value: 8.46 });
    expect(parsePosition("1")).toEqual({ ok: true, value: 1 });
    expect(parsePosition("0.4")).toEqual({ ok: false, message: "Average position starts at 1." });
    expect(parsePosition("1,200.5")).toEqual({ ok: false, message: "At most 1000." });
  });
});

describe("normaliseChannel", () => {
  it("lower-cases channels and makes GA4's Organic Search the default channel", () => {
    expect(normaliseChannel("Organic Search")).toEqual({ ok: true, value: "organic" });
    expect(normaliseChannel("  Paid   Search ")).toEqual({ ok: true, value: "paid search" });
    expect(normaliseChannel("(not set)")).toEqual({ ok: true, value: "(not set)" });
  });

  it("refuses channels the API would refuse", () => {
    expect(normaliseChannel("x".repeat(51)).ok).toBe(false);
    expect(normaliseChannel("<script>").ok).toBe(false);
  });
});

describe("normaliseMetricRow", () => {
  const ga4 = defaultColumnMapping("ga4", GA4_HEADERS);
  const gsc = defaultColumnMapping("search-console", GSC_HEADERS);

  it("turns a GA4 row into an API row", () => {
    const record = ["Organic Search", "20240131", "1,250", "800", "37", "4180.5"];
    expect(normaliseMetricRow(record, ga4, USD)).toEqual({
      row: { date: "2024-01-31", channel: "organic", sessions: 1250, conversions: 37, revenue: "4180.50" },
    });
  });

  it("turns a Search Console row into an API row, ignoring CTR", () => {
    const record = ["2024-01-31", "980", "24,500", "4%", "8.4"];
    expect(normaliseMetricRow(record, gsc, USD)).toEqual({ row: { date: "2024-01-31", clicks: 980, impressions: 24500, position: 8.4 } });
  });

  it("reads the template's example row", () => {
    const [header, example] = metricsTemplateCsv().trim().split("\n");
    const mapping = defaultColumnMapping("template", header!.split(","));
    expect(normaliseMetricRow(example!.split(","), mapping, USD)).toEqual({
      row: { date: "2024-01-31", channel: "organic", sessions: 1250, conversions: 37, revenue: "4180.50", clicks: 980, impressions: 24500, position: 8.4 },
    });
  });

  it("leaves empty cells and unmapped fields out, so stored values are kept", () => {
    const mapping: ColumnMapping = { ...gsc, position: null };
    expect(normaliseMetricRow(["2024-01-31", "", "10", "", "3"], mapping, USD)).toEqual({ row: { date: "2024-01-31", impressions: 10 } });
  });

  it("reports every bad cell of a row", () => {
    const record = ["Organic Search", "31/01/2024", "lots", "800", "1.5", "ten"];
    const result = normaliseMetricRow(record, ga4, USD);
    expect(result).toEqual({
      errors: [
        { field: "date", message: expect.stringContaining("Must be a date") },
        { field: "sessions", message: "lots is not a number." },
        { field: "conversions", message: "Must be a whole number." },
        { field: "revenue", message: "ten is not a number." },
      ],
    });
  });

  it("reports a missing date when the date column is short or unmapped", () => {
    expect(normaliseMetricRow(["Organic Search"], ga4, USD)).toEqual({ errors: [{ field: "date", message: "Missing date." }] });
    expect(normaliseMetricRow(["2024-01-31"], { ...gsc, date: null }, USD)).toEqual({ errors: [{ field: "date", message: "Missing date." }] });
  });

  it("keys rows without a channel on the default channel", () => {
    expect(metricRowKey({ date: "2024-01-31" })).toBe(metricRowKey({ date: "2024-01-31", channel: "organic" }));
    expect(metricRowKey({ date: "2024-01-31", channel: "direct" })).not.toBe(metricRowKey({ date: "2024-01-31" }));
  });
});

describe("streaming CSV text", () => {
  const splitAll = (parts: string[]) => {
    const splitter = new CsvRecordSplitter();
    const pieces = parts.map((part) => splitter.push(part)).filter((piece): piece is string => piece !== null);
    const rest = splitter.end();
    return rest === null ? pieces : [...pieces, rest];
  };

  it("cuts only at line breaks outside quotes, however the text arrives", () => {
    const text = 'date,note\n2024-01-01,"two\nlines"\n2024-01-02,"say ""hi""\n"\n2024-01-03,x\n';
    for (let cut = 1; cut < text.length; cut++) {
      const pieces = splitAll([text.slice(0, cut), text.slice(cut)]);
      expect(pieces.join("\n") + "\n").toBe(text);
      for (const piece of pieces) expect((piece.match(/"/g) ?? []).length % 2).toBe(0);
    }
  });

  it("drops the CR of CRLF line breaks and keeps a last line without a break", () => {
    expect(splitAll(["a,b\r\n1,2\r\n3,4"])).toEqual(["a,b\r\n1,2", "3,4"]);
  });

  it("holds text back until a record is complete", () => {
    const splitter = new CsvRecordSplitter();
    expect(splitter.push('2024-01-01,"open')).toBeNull();
    expect(splitter.push('\nquote"\n')).toBe('2024-01-01,"open\nquote"');
    expect(splitter.end()).toBeNull();
  });

  it("counts the lines a record spans, so errors point at the file's line numbers", () => {
    expect(recordLineSpan(["2024-01-01", "12"])).toBe(1);
    expect(recordLineSpan(["2024-01-01", "two\nlines", "and\r\nthree"])).toBe(3);
  });
});
