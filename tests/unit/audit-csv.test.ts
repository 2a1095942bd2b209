import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { toCsvCell, toCsvLine } from "@/lib/audit/csv";

describe("toCsvCell", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(toCsvCell("=1+2")).toBe("'=1+2");
    expect(toCsvCell("+1")).toBe("'+1");
    expect(toCsvCell("-1")).toBe("'-1");
    expect(toCsvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(toCsvCell("\t=1")).toBe("'\t=1");
    expect(toCsvCell("\r=1")).toBe("\"'\r=1\"");
  });

  it("leaves ordinary cells alone, including ones with formula characters later on", () => {
    for (const value of ["site.created", "a=b", "x-y", "user@example.test", "", "2026-01-01T00:00:00.000Z"]) expect(toCsvCell(value)).toBe(value);
  });

  it("quotes cells with commas, quotes, line breaks or edge spaces, doubling inner quotes", () => {
    expect(toCsvCell("a,b")).toBe("\"a,b\"");
    expect(toCsvCell("say \"hi\"")).toBe("\"say \"\"hi\"\"\"");
    expect(toCsvCell("two\nlines")).toBe("\"two\nlines\"");
    expect(toCsvCell(" padded ")).toBe("\" padded \"");
    expect(toCsvCell("=HYPERLINK(\"http://x\",\"y\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  });

  it("round-trips through a CSV parser", () => {
    const values = ["plain", "a,b", "\"q\"", "x\r\ny", "=cmd", "-", " s "];
    const parsed = Papa.parse<string[]>(toCsvLine(values), { newline: "\r\n", skipEmptyLines: true });
    expect(parsed.data[0]).toEqual(["plain", "a,b", "\"q\"", "x\r\ny", "'=cmd", "'-", " s "]);
  });
});
