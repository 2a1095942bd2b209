import { dateOfDay, dayOfDate, formatDay, parseCalendarDate } from "./calendar-date";

/** A validated YYYY-MM-DD as the Date Prisma expects for a `date` column. */
export function toDateColumn(value: string): Date {
  const day = parseCalendarDate(value);
  // Validation comes first everywhere; a date that is not one here is a bug, never a silent 1970-01-01.
  if (day === null) throw new RangeError(`${JSON.stringify(value)} is not a calendar date`);
  return dateOfDay(day);
}

/** A `date` column as YYYY-MM-DD. */
export function fromDateColumn(value: Date): string {
  return formatDay(dayOfDate(value));
}
