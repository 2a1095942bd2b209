import { describe, expect, it } from "vitest";
import {
  dayOfParts, daysInMonthOf, formatDay, parseCalendarDate, parseInputDate, partsOf, sameDayPreviousYear, startOfIsoWeek, startOfMonth,
} from "@/lib/dates/calendar-date";
import { toDateColumn } from "@/lib/dates/date-column";

// The day arithmetic is integer-only; JavaScript's own (proleptic Gregorian, UTC) Date is the reference.
const MS_PER_DAY = 86_400_000;
const viaDate = (day: number) => new Date(day * MS_PER_DAY);
const first = Date.UTC(1600, 0, 1) / MS_PER_DAY;
const last = Date.UTC(2400, 11, 31) / MS_PER_DAY;

describe("calendar day numbers", () => {
  it("agree with Date on every day from 1600 to 2400 (leap centuries included)", () => {
    for (let day = first; day <= last; day++) {
      const date = viaDate(day);
      const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
      const parts = partsOf(day);
      if (parts.year !== year || parts.month !== month || parts.dayOfMonth !== dayOfMonth) expect([day, parts]).toEqual([day, { year, month, dayOfMonth }]);
      if (dayOfParts(year, month, dayOfMonth) !== day) expect(dayOfParts(year, month, dayOfMonth)).toBe(day);
      const iso = date.toISOString().slice(0, 10);
      if (formatDay(day) !== iso || parseCalendarDate(iso) !== day) expect([formatDay(day), parseCalendarDate(iso)]).toEqual([iso, day]);
      const monthLength = new Date(Date.UTC(year, month, 0)).getUTCDate();
      if (daysInMonthOf(day) !== monthLength) expect([iso, daysInMonthOf(day)]).toEqual([iso, monthLength]);
      if (startOfMonth(day) !== Date.UTC(year, month - 1, 1) / MS_PER_DAY) expect([iso, startOfMonth(day)]).toEqual([iso, Date.UTC(year, month - 1, 1) / MS_PER_DAY]);
    }
  });

  it("agree with Date from year 1 to 9999, and write back what they read", () => {
    for (const iso of ["0001-01-01", "0004-02-29", "0099-12-31", "0999-12-30", "1000-01-01", "1969-12-31", "1970-01-01", "9999-12-31"]) {
      const expected = new Date(`${iso}T00:00:00Z`).getTime() / MS_PER_DAY;
      expect(parseCalendarDate(iso)).toBe(expected);
      expect(formatDay(expected)).toBe(iso);
    }
    expect(parseCalendarDate("0000-01-01")).toBeNull();
    expect(() => formatDay(new Date("0001-01-01T00:00:00Z").getTime() / MS_PER_DAY - 1)).toThrow(RangeError);
    expect(() => formatDay(new Date("9999-12-31T00:00:00Z").getTime() / MS_PER_DAY + 1)).toThrow(RangeError);
  });

  it("take dates that come in from year 1000 only, so that five years before them is still a date", () => {
    for (const value of ["0999-12-31", "0100-01-01", "0001-01-01"]) expect(parseInputDate(value), value).toBeNull();
    expect(parseInputDate("1000-01-01")).toBe(parseCalendarDate("1000-01-01"));
    expect(formatDay(parseInputDate("1000-01-01")! - 5 * 366)).toBe("0994-12-28");
  });

  it("never turn an invalid date into a date column (no silent 1970-01-01)", () => {
    expect(toDateColumn("0500-01-01").toISOString()).toBe("0500-01-01T00:00:00.000Z");
    expect(() => toDateColumn("2025-02-29")).toThrow(RangeError);
  });

  it("refuse dates that do not exist", () => {
    for (const value of ["2025-02-29", "2100-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-01", "20240101", " 2024-01-01"]) {
      expect(parseCalendarDate(value), value).toBeNull();
    }
    expect(parseCalendarDate("2000-02-29")).not.toBeNull();
    expect(parseCalendarDate("2024-02-29")).not.toBeNull();
  });

  it("map a date to the previous year, 29 February to 28 February", () => {
    expect(formatDay(sameDayPreviousYear(parseCalendarDate("2024-02-29")!))).toBe("2023-02-28");
    expect(formatDay(sameDayPreviousYear(parseCalendarDate("2025-03-01")!))).toBe("2024-03-01");
    expect(formatDay(sameDayPreviousYear(parseCalendarDate("2025-01-01")!))).toBe("2024-01-01");
  });

  it("start ISO weeks on Monday", () => {
    expect(formatDay(startOfIsoWeek(parseCalendarDate("2026-11-29")!))).toBe("2026-11-23"); // a Sunday
    expect(formatDay(startOfIsoWeek(parseCalendarDate("2026-11-23")!))).toBe("2026-11-23");
    expect(formatDay(startOfIsoWeek(parseCalendarDate("1969-12-31")!))).toBe("1969-12-29");
  });
});
