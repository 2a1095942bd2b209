// Calendar dates as integer day numbers (days since 1970-01-01). Metric dates are calendar dates, not
// instants, so all arithmetic stays in whole days with no time zone involved.

const MS_PER_DAY = 86_400_000;
const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

const MAX_YEAR = 9999;
// Dates people and integrations send start in year 1000. A report also reads up to five years before
// its range (compare=previous_period over a five-year range), and every date derived that way must
// still be one YYYY-MM-DD and PostgreSQL can hold (there is no year 0).
const MIN_INPUT_YEAR = 1000;

/** Day number of a YYYY-MM-DD string, or null if it is not a real calendar date (years 0001–9999). */
export function parseCalendarDate(value: string): number | null {
  const match = DATE_FORMAT.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayOfParts(year, month, day);
}

/**
 * parseCalendarDate for dates that come in (requests, imports, URL parameters): years 1000–9999 only.
 * Values read back from the database or derived from accepted ones use parseCalendarDate.
 */
export function parseInputDate(value: string): number | null {
  const day = parseCalendarDate(value);
  return day !== null && Number(value.slice(0, 4)) >= MIN_INPUT_YEAR ? day : null;
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** YYYY-MM-DD of a day number (years 1–9999; anything else is a bug upstream, never a string to send on). */
export function formatDay(day: number): string {
  const { year, month, dayOfMonth } = partsOf(day);
  if (year < 1 || year > MAX_YEAR) throw new RangeError(`day ${day} is outside the years YYYY-MM-DD can write`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
}

/** The day number of a Date holding a calendar date at UTC midnight (as Prisma returns @db.Date). */
export function dayOfDate(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** A Date at UTC midnight of the day (as Prisma expects for @db.Date). */
export function dateOfDay(day: number): Date {
  return new Date(day * MS_PER_DAY);
}

// The report walks every day of its ranges, so these are integer arithmetic, not Date objects (which
// are slower, and slower still under Next.js's instrumented Date). The conversions are the proleptic
// Gregorian calendar in 400-year eras of 146,097 days, counted from 1 March so that the leap day ends a
// year (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms").
const DAYS_PER_ERA = 146_097;
const DAY_OF_0000_03_01 = -719_468;

/** Year, month (1-12) and day of month of a day number. */
export function partsOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const sinceEpoch = day - DAY_OF_0000_03_01;
  const era = Math.floor(sinceEpoch / DAYS_PER_ERA);
  const dayOfEra = sinceEpoch - era * DAYS_PER_ERA; // 0..146096
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100)); // from 1 March
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March .. 11 = February
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1 };
}

/** Day number of a calendar date (month 1-12; the day of month is not checked). */
export function dayOfParts(year: number, month: number, dayOfMonth: number): number {
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + dayOfMonth - 1;
  return era * DAYS_PER_ERA + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear + DAY_OF_0000_03_01;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_LENGTHS[month - 1]!;
}

/** Number of days in the month containing the day. */
export function daysInMonthOf(day: number): number {
  const { year, month } = partsOf(day);
  return daysInMonth(year, month);
}

/** First day of the month containing the day. */
export function startOfMonth(day: number): number {
  return day - partsOf(day).dayOfMonth + 1;
}

/** The Monday of the ISO week containing the day (1970-01-01 was a Thursday). */
export function startOfIsoWeek(day: number): number {
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday
  return day - weekday;
}

/** The same calendar date one year earlier; 29 February maps to 28 February. */
export function sameDayPreviousYear(day: number): number {
  const { year, month, dayOfMonth } = partsOf(day);
  return dayOfParts(year - 1, month, Math.min(dayOfMonth, daysInMonth(year - 1, month)));
}

/** Today's date in UTC as a day number. */
export function todayUtc(): number {
  return Math.floor(Date.now() / MS_PER_DAY);
}
