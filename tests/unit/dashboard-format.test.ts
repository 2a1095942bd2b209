import { describe, expect, it } from "vitest";
import {
  currencyDigits,
  describeDelta,
  formatBucketLabel,
  formatCount,
  formatDateRange,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  pickLocale,
  toMajorUnits,
} from "@/app/t/[subdomain]/(app)/_components/format";
import {
  NO_COMPARE,
  rangePresets,
  resolveDashboardQuery,
  toReportQuery,
  toSearchString,
} from "@/app/t/[subdomain]/(app)/_components/report-query";

// ICU uses no-break and thin spaces (between code and amount, around a range's dash); compare with plain ones.
const plain = (text: string) => text.replace(/[\u00a0\u2009\u202f]/g, " ");

describe("formatMoney", () => {
  it("formats USD cents with two decimals", () => {
    expect(formatMoney(123_456, "USD", "en-US")).toBe("$1,234.56");
    expect(formatMoney(5, "USD", "en-US")).toBe("$0.05");
    expect(formatMoney(100, "USD", "en-US")).toBe("$1.00");
  });

  it("formats JPY, which has no minor unit, with no decimals", () => {
    expect(currencyDigits("JPY")).toBe(0);
    expect(formatMoney(12_345, "JPY", "en-US")).toBe("¥12,345");
  });

  it("formats BHD, which has three decimals, exactly", () => {
    expect(currencyDigits("BHD")).toBe(3);
    expect(plain(formatMoney(12_345, "BHD", "en-US"))).toBe("BHD 12.345");
    expect(plain(formatMoney(1, "BHD", "en-US"))).toBe("BHD 0.001");
  });

  it("formats negative amounts (a loss) with a minus sign", () => {
    expect(formatMoney(-1_050, "USD", "en-US")).toBe("-$10.50");
    expect(formatMoney(-12_345, "JPY", "en-US")).toBe("-¥12,345");
  });

  it("keeps cents exact for large amounts", () => {
    expect(formatMoney(123_456_789_012_345, "USD", "en-US")).toBe("$1,234,567,890,123.45");
  });

  it("follows the locale's separators and symbol placement", () => {
    expect(plain(formatMoney(123_450, "EUR", "de-DE"))).toBe("1.234,50 €");
  });

  it("shows a dash for a missing amount (channel rows have no cost)", () => {
    expect(formatMoney(null, "USD", "en-US")).toBe("—");
  });

  it("keeps three significant digits on compact axis ticks", () => {
    expect(formatMoneyCompact(1_950, "USD", "en-US")).toBe("$1.95K");
    expect(formatMoneyCompact(2_000_000, "USD", "en-US")).toBe("$2M");
    expect(formatMoneyCompact(650, "USD", "en-US")).toBe("$650");
  });

  it("converts minor to major units for chart axes", () => {
    expect(toMajorUnits(123_456, "USD")).toBe(1_234.56);
    expect(toMajorUnits(500, "JPY")).toBe(500);
    expect(toMajorUnits(1_500, "BHD")).toBe(1.5);
  });
});

describe("formatPercent and formatCount", () => {
  it("shows ratios as percentages with at most one decimal", () => {
    expect(formatPercent(0.253, "en-US")).toBe("25.3%");
    expect(formatPercent(0.25, "en-US")).toBe("25%");
    expect(formatPercent(1.5, "en-US")).toBe("150%");
    expect(formatPercent(-0.4, "en-US")).toBe("-40%");
    expect(formatPercent(0.04567, "en-US")).toBe("4.6%");
  });

  it("shows a dash for ROI with no cost and conversion rate with no sessions", () => {
    expect(formatPercent(null, "en-US")).toBe("—");
    expect(formatPercent(Number.NaN, "en-US")).toBe("—");
  });

  it("groups counts", () => {
    expect(formatCount(1_234_567, "en-US")).toBe("1,234,567");
    expect(formatCount(0, "en-US")).toBe("0");
  });
});

describe("describeDelta", () => {
  it("shows a rise with a plus sign, an up arrow, and good news for revenue", () => {
    expect(describeDelta("revenue", 0.123, "en-US")).toEqual({ text: "+12.3%", direction: "up", tone: "good" });
  });

  it("shows a fall with a minus sign, a down arrow, and bad news for profit", () => {
    expect(describeDelta("profit", -0.04, "en-US")).toEqual({ text: "-4%", direction: "down", tone: "bad" });
  });

  it("treats a rising cost as bad news and a falling cost as good news", () => {
    expect(describeDelta("cost", 0.2, "en-US")).toMatchObject({ direction: "up", tone: "bad" });
    expect(describeDelta("cost", -0.2, "en-US")).toMatchObject({ direction: "down", tone: "good" });
  });

  it("shows a change below the displayed precision as flat", () => {
    expect(describeDelta("sessions", 0.0004, "en-US")).toEqual({ text: "0%", direction: "flat", tone: "neutral" });
    expect(describeDelta("sessions", 0, "en-US")).toEqual({ text: "0%", direction: "flat", tone: "neutral" });
  });

  it("shows a dash with no arrow when the compared value was zero", () => {
    expect(describeDelta("roi", null, "en-US")).toEqual({ text: "—", direction: null, tone: "neutral" });
  });
});

describe("dates", () => {
  it("formats calendar dates without shifting them by the viewer's time zone", () => {
    expect(plain(formatDateRange("2026-01-01", "2026-03-31", "en-US"))).toBe("Jan 1 – Mar 31, 2026");
    expect(formatDateRange("2026-02-28", "2026-02-28", "en-US")).toBe("Feb 28, 2026");
  });

  it("labels buckets by day for days and weeks and by month for months", () => {
    expect(formatBucketLabel("2026-03-02", "week", "en-US")).toBe("Mar 2");
    expect(formatBucketLabel("2026-03-01", "month", "en-US")).toBe("Mar 2026");
  });
});

describe("pickLocale", () => {
  it("uses the browser's first language", () => {
    expect(pickLocale("de-DE,de;q=0.9,en;q=0.8")).toBe("de-DE");
  });

  it("falls back to en-US for a missing, wildcard or malformed header", () => {
    expect(pickLocale(null)).toBe("en-US");
    expect(pickLocale("*")).toBe("en-US");
    expect(pickLocale("not a locale!!")).toBe("en-US");
  });
});

describe("dashboard query", () => {
  it("defaults to the 90 days ending today, weekly, against the previous period", () => {
    expect(resolveDashboardQuery({}, "2026-03-31")).toEqual({
      from: "2026-01-01",
      to: "2026-03-31",
      granularity: "week",
      compare: "previous_period",
      siteId: "",
      currency: "",
    });
  });

  it("counts a missing start back from the given end and treats blank form fields as missing", () => {
    const query = resolveDashboardQuery({ to: "2025-12-31", from: "", siteId: ["", "x"], currency: "eur" }, "2026-03-31");
    expect(query).toMatchObject({ from: "2025-10-03", to: "2025-12-31", siteId: "", currency: "EUR" });
  });

  it("asks the report for the site breakdown, omits 'no comparison', and drops the currency when a site is chosen", () => {
    const query = resolveDashboardQuery({ compare: NO_COMPARE, siteId: "s1", currency: "USD" }, "2026-03-31");
    expect(toReportQuery(query)).toEqual({
      from: "2026-01-01",
      to: "2026-03-31",
      granularity: "week",
      compare: undefined,
      siteId: "s1",
      currency: undefined,
      groupBy: "site",
    });
  });

  it("writes links that change one parameter and leave out blanks", () => {
    const query = resolveDashboardQuery({}, "2026-03-31");
    expect(toSearchString(query, { currency: "USD" })).toBe(
      "?from=2026-01-01&to=2026-03-31&granularity=week&compare=previous_period&currency=USD",
    );
  });

  it("offers presets ending today", () => {
    expect(rangePresets("2026-03-31")).toEqual([
      { label: "Last 30 days", from: "2026-03-02", to: "2026-03-31" },
      { label: "Last 90 days", from: "2026-01-01", to: "2026-03-31" },
      { label: "This year", from: "2026-01-01", to: "2026-03-31" },
      { label: "Last 12 months", from: "2025-04-01", to: "2026-03-31" },
    ]);
  });
});
