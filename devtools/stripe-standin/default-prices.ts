// The app's paid plans as Stripe prices (lib/plans/plans.ts has the same amounts); the CLI's default catalogue.
import type { PriceConfig } from "./objects.ts";

export const DEFAULT_PRICES: PriceConfig[] = [
  { id: "price_starter_monthly", productId: "prod_starter", productName: "Starter", nickname: "Starter", unitAmount: 4_900, currency: "usd", interval: "month", lookupKey: "starter_monthly" },
  { id: "price_pro_monthly", productId: "prod_pro", productName: "Pro", nickname: "Pro", unitAmount: 14_900, currency: "usd", interval: "month", lookupKey: "pro_monthly" },
  { id: "price_agency_monthly", productId: "prod_agency", productName: "Agency", nickname: "Agency", unitAmount: 39_900, currency: "usd", interval: "month", lookupKey: "agency_monthly" },
];
