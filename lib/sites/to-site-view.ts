import type { SiteView } from "./site-types";

interface SiteRow {
  id: string;
  name: string;
  domain: string;
  currency: string;
  timezone: string;
  createdAt: Date;
}

/** The public shape of a site. */
export function toSiteView(row: SiteRow): SiteView {
  return { id: row.id, name: row.name, domain: row.domain, currency: row.currency, timezone: row.timezone, createdAt: row.createdAt.toISOString() };
}
