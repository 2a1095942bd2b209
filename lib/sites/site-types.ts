export interface SiteView {
  id: string;
  name: string;
  domain: string;
  currency: string; // ISO 4217
  timezone: string; // IANA
  createdAt: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
