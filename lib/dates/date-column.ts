import { dateOfDay, dayOfDate, formatDay, parseCalendarDate } from "./calendar-date";

/** A validated YYYY-MM-DD as the Date Prisma expects for a `date` column. */
export function toDateColumn(value: string): Date {
  return dateOfDay(parseCalendarDate(value)!);
}

/** A `date` column as YYYY-MM-DD. */
export function fromDateColumn(value: Date): string {
  return formatDay(dayOfDate(value));
}
