// Calendar dates as integer day numbers (days since 1970-01-01). Metric dates are calendar dates, not
// instants, so all arithmetic stays in whole days with no time zone involved.

const MS_PER_DAY = 86_400_000;
const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a YYYY-MM-DD string, or null if it is not a real calendar date. */
export function parseCalendarDate(value: string): number | null {
  const match = DATE_FORMAT.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return time / MS_PER_DAY;
}

/** YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The day number of a Date holding a calendar date at UTC midnight (as Prisma returns @db.Date). */
export function dayOfDate(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** A Date at UTC midnight of the day (as Prisma expects for @db.Date). */
export function dateOfDay(day: number): Date {
  return new Date(day * MS_PER_DAY);
}

/** Year, month (1-12) and day of month of a day number. */
export function partsOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

/** Number of days in the month containing the day. */
export function daysInMonthOf(day: number): number {
  const { year, month } = partsOf(day);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** First day of the month containing the day. */
export function startOfMonth(day: number): number {
  const { year, month } = partsOf(day);
  return Date.UTC(year, month - 1, 1) / MS_PER_DAY;
}

/** The Monday of the ISO week containing the day (1970-01-01 was a Thursday). */
export function startOfIsoWeek(day: number): number {
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday
  return day - weekday;
}

/** The same calendar date one year earlier; 29 February maps to 28 February. */
export function sameDayPreviousYear(day: number): number {
  const { year, month, dayOfMonth } = partsOf(day);
  const lastDay = new Date(Date.UTC(year - 1, month, 0)).getUTCDate();
  return Date.UTC(year - 1, month - 1, Math.min(dayOfMonth, lastDay)) / MS_PER_DAY;
}

/** Today's date in UTC as a day number. */
export function todayUtc(): number {
  return Math.floor(Date.now() / MS_PER_DAY);
}
