import { daysInMonthOf, startOfIsoWeek, startOfMonth } from "@/lib/dates/calendar-date";
import type { Granularity } from "./roi-report-types";

export interface BucketRange {
  start: number;
  end: number;
}

/** The start of the bucket that contains `day` (ISO weeks start on Monday). */
export function bucketStartOf(day: number, granularity: Granularity): number {
  if (granularity === "week") return startOfIsoWeek(day);
  if (granularity === "month") return startOfMonth(day);
  return day;
}

/** Buckets covering [from, to] without gaps; the first and last are clipped to the range. */
export function bucketsFor(from: number, to: number, granularity: Granularity): BucketRange[] {
  const buckets: BucketRange[] = [];
  let start = from;
  while (start <= to) {
    const natural = bucketStartOf(start, granularity);
    const naturalEnd =
      granularity === "day" ? natural : granularity === "week" ? natural + 6 : natural + daysInMonthOf(natural) - 1;
    const end = Math.min(naturalEnd, to);
    buckets.push({ start, end });
    start = end + 1;
  }
  return buckets;
}
