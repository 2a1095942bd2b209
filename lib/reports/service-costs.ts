import { daysInMonthOf } from "@/lib/dates/calendar-date";

// Service fees are prorated by day: each day of a month costs fee / (days in that month). To stay
// exact, amounts are kept in "units" of 1/UNITS_PER_MINOR minor unit, where UNITS_PER_MINOR is the
// least common multiple of 28, 29, 30 and 31 — every daily share is then a whole number of units.
export const UNITS_PER_MINOR = 377_580n;
const UNITS_PER_DAY_BY_MONTH_LENGTH = new Map([28, 29, 30, 31].map((days) => [days, UNITS_PER_MINOR / BigInt(days)]));

export interface ServiceSpan {
  start: number; // first active day
  end: number | null; // last active day, inclusive; null = open-ended
  monthlyFee: number; // minor units
}

/**
 * Daily prorated cost, in units, for each day of [from, to] (index 0 = `from`). Fees active on a
 * day are summed first (a difference array), so the work is O(days + services), not O(days × services).
 */
export function dailyServiceCostUnits(services: readonly ServiceSpan[], from: number, to: number): bigint[] {
  const length = to - from + 1;
  const feeDelta = new Float64Array(length + 1);
  for (const service of services) {
    const first = Math.max(service.start, from);
    const last = Math.min(service.end ?? to, to);
    if (first > last) continue;
    feeDelta[first - from]! += service.monthlyFee;
    feeDelta[last - from + 1]! -= service.monthlyFee;
  }
  const units = new Array<bigint>(length);
  let activeFees = 0; // sums of integers below 2^53: exact
  for (let index = 0; index < length; index++) {
    activeFees += feeDelta[index]!;
    units[index] = activeFees === 0 ? 0n : BigInt(activeFees) * UNITS_PER_DAY_BY_MONTH_LENGTH.get(daysInMonthOf(from + index))!;
  }
  return units;
}

/** Units to whole minor units, rounding half away from zero. */
export function roundUnits(units: bigint): number {
  const isNegative = units < 0n;
  const magnitude = isNegative ? -units : units;
  const rounded = (2n * magnitude + UNITS_PER_MINOR) / (2n * UNITS_PER_MINOR);
  return Number(isNegative ? -rounded : rounded);
}
