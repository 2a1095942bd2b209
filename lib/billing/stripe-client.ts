import Stripe from "stripe";
import { getConfig } from "@/lib/config";

// The only place the `stripe` package is imported. Production talks to api.stripe.com; development
// and tests set STRIPE_API_BASE to the local stand-in (devtools/stripe-standin), which the SDK reaches
// unchanged through its host/port/protocol options.

const globalForStripe = globalThis as unknown as { roiStripe?: Stripe };

type ApiBaseOptions = Pick<Stripe.StripeConfig, "host" | "port" | "protocol">;

/** STRIPE_API_BASE (e.g. http://127.0.0.1:12111) as the SDK's connection options; none for Stripe itself. */
export function stripeApiBaseOptions(apiBase: string | undefined): ApiBaseOptions {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443,
    protocol,
  };
}

/** The shared Stripe client. */
export function getStripe(): Stripe {
  if (!globalForStripe.roiStripe) {
    const config = getConfig();
    globalForStripe.roiStripe = new Stripe(config.STRIPE_SECRET_KEY, {
      ...stripeApiBaseOptions(config.STRIPE_API_BASE),
      // POSTs carry idempotency keys (the SDK adds one when the caller did not), so retries are safe.
      maxNetworkRetries: 2,
      timeout: 10_000,
      appInfo: { name: "roi-spectrum" },
    });
  }
  return globalForStripe.roiStripe;
}

export type { Stripe };
