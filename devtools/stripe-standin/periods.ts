// Billing period arithmetic. Stripe anchors recurring periods on the billing cycle anchor: a monthly
// subscription anchored on Jan 31 renews on the last day of shorter months (Feb 28/29, Apr 30) and goes
// back to the 31st when the month has one; the time of day is kept.
import type { Interval } from "./objects.ts";

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The anchor moved forward by `count` intervals, in Unix seconds. */
export function addIntervals(anchor: number, interval: Interval, count: number): number {
  const start = new Date(anchor * 1000);
  const months = start.getUTCMonth() + count * (interval === "year" ? 12 : 1);
  const year = start.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const day = Math.min(start.getUTCDate(), daysInMonth(year, month));
  const at = Date.UTC(year, month, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds());
  return Math.floor(at / 1000);
}

/** Period number `cycle` (0 = the first) of a subscription anchored at `anchor`. */
export function periodAt(anchor: number, interval: Interval, cycle: number): { start: number; end: number } {
  return { start: addIntervals(anchor, interval, cycle), end: addIntervals(anchor, interval, cycle + 1) };
}
