export type { Page } from "@/lib/validation/keyset-page";

export interface SiteView {
  id: string;
  name: string;
  domain: string;
  currency: string; // ISO 4217
  timezone: string; // IANA
  createdAt: string;
}
