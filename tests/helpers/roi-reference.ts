// An independent, deliberately naive computation of the ROI report, for the property test: day by
// day, with exact fractions, sharing no code with lib/reports.

export interface RefService { siteId: string; start: string; end: string | null; monthlyFee: number }
export interface RefCost { siteId: string; date: string; amount: number }
export interface RefMetric { siteId: string; date: string; channel: string; sessions: number; conversions: number; revenue: number; clicks: number; impressions: number }

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const toIso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

class Fraction {
  constructor(readonly num: bigint, readonly den: bigint) {}
  add(other: Fraction): Fraction {
    const num = this.num * other.den + other.num * this.den;
    const den = this.den * other.den;
    const divisor = gcd(num, den) || 1n;
    return new Fraction(num / divisor, den / divisor);
  }
  /** Nearest integer, halves away from zero. */
  round(): number {
    const negative = this.num < 0n;
    const num = negative ? -this.num : this.num;
    const whole = num / this.den;
    const remainder = num - whole * this.den;
    const rounded = 2n * remainder >= this.den ? whole + 1n : whole;
    return Number(negative ? -rounded : rounded);
  }
}

function daysInMonth(day: number): number {
  const date = new Date(day * DAY);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

function bucketKey(day: number, granularity: string): string {
  const date = new Date(day * DAY);
  if (granularity === "day") return toIso(day);
  if (granularity === "month") return `${date.getUTCFullYear()}-${date.getUTCMonth()}`;
  const mondayOffset = (date.getUTCDay() + 6) % 7;
  return toIso(day - mondayOffset);
}

export interface RefData { services: RefService[]; costs: RefCost[]; metrics: RefMetric[] }
export interface RefScope { siteIds: Set<string>; channel?: string }

function metricsFor(data: RefData, scope: RefScope, first: number, last: number) {
  const sums = { sessions: 0, conversions: 0, revenue: 0, clicks: 0, impressions: 0 };
  for (const row of data.metrics) {
    const day = toDay(row.date);
    if (day < first || day > last || !scope.siteIds.has(row.siteId)) continue;
    if (scope.channel && row.channel !== scope.channel) continue;
    sums.sessions += row.sessions;
    sums.conversions += row.conversions;
    sums.revenue += row.revenue;
    sums.clicks += row.clicks;
    sums.impressions += row.impressions;
  }
  return sums;
}

function costFor(data: RefData, scope: RefScope, first: number, last: number): number {
  let total = new Fraction(0n, 1n);
  for (const service of data.services) {
    if (!scope.siteIds.has(service.siteId)) continue;
    for (let day = first; day <= last; day++) {
      const isActive = day >= toDay(service.start) && (service.end === null || day <= toDay(service.end));
      if (isActive) total = total.add(new Fraction(BigInt(service.monthlyFee), BigInt(daysInMonth(day))));
    }
  }
  for (const cost of data.costs) {
    const day = toDay(cost.date);
    if (scope.siteIds.has(cost.siteId) && day >= first && day <= last) total = total.add(new Fraction(BigInt(cost.amount), 1n));
  }
  return total.round();
}

function derive(sums: ReturnType<typeof metricsFor>, cost: number) {
  const profit = sums.revenue - cost;
  return {
    revenue: sums.revenue, cost, profit, roi: cost === 0 ? null : profit / cost,
    sessions: sums.sessions, conversions: sums.conversions,
    conversionRate: sums.sessions === 0 ? null : sums.conversions / sums.sessions,
    clicks: sums.clicks, impressions: sums.impressions,
  };
}

export function referenceTotals(data: RefData, scope: RefScope, from: string, to: string) {
  const [first, last] = [toDay(from), toDay(to)];
  return derive(metricsFor(data, scope, first, last), costFor(data, scope, first, last));
}

export function referenceSeries(data: RefData, scope: RefScope, from: string, to: string, granularity: string) {
  const buckets: { start: number; end: number }[] = [];
  for (let day = toDay(from); day <= toDay(to); day++) {
    const current = buckets.at(-1);
    if (current && bucketKey(current.start, granularity) === bucketKey(day, granularity)) current.end = day;
    else buckets.push({ start: day, end: day });
  }
  return buckets.map((bucket) => ({
    start: toIso(bucket.start),
    end: toIso(bucket.end),
    ...derive(metricsFor(data, scope, bucket.start, bucket.end), costFor(data, scope, bucket.start, bucket.end)),
  }));
}

export function referencePreviousRange(from: string, to: string, mode: "previous_period" | "previous_year"): [string, string] {
  if (mode === "previous_period") {
    const length = toDay(to) - toDay(from) + 1;
    return [toIso(toDay(from) - length), toIso(toDay(from) - 1)];
  }
  const shift = (iso: string) => {
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
    return `${y - 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
  };
  return [shift(from), shift(to)];
}
