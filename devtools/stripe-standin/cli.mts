// npx tsx devtools/stripe-standin/cli.mts — run the Stripe stand-in on its own for development and e2e tests.
import { DEFAULT_PRICES } from "./default-prices.ts";
import { startStripeStandin } from "./server.ts";

const port = Number(process.env.STRIPE_STANDIN_PORT ?? 12111);
const host = process.env.STRIPE_STANDIN_HOST ?? "127.0.0.1";
const secretKey = process.env.STRIPE_SECRET_KEY ?? "sk_test_devstandin";
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_devstandin";
// The tenant-less root host: Node cannot resolve *.localhost, so the stand-in dials 127.0.0.1 with this Host.
const webhookUrl = process.env.STRIPE_WEBHOOK_URL ?? "http://roispectrum.localhost:3000/api/v1/webhooks/stripe";
const publicUrl = process.env.STRIPE_STANDIN_PUBLIC_URL;

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`STRIPE_STANDIN_PORT must be a port number, got ${process.env.STRIPE_STANDIN_PORT}`);
  process.exit(1);
}

const standin = await startStripeStandin({
  port, host, secretKey, webhookSecret, webhookUrl: webhookUrl === "" ? undefined : webhookUrl, publicUrl, prices: DEFAULT_PRICES,
  onDeliveryAttempt: (attempt) =>
    console.log(`webhook ${attempt.type} ${attempt.eventId} attempt ${attempt.attempt}: ${attempt.status ?? attempt.error}`),
});
console.log(`stripe stand-in listening on ${standin.url}; webhooks -> ${webhookUrl || "(none)"}`);
console.log(`prices: ${DEFAULT_PRICES.map((price) => `${price.id} (${price.unitAmount} ${price.currency}/${price.interval})`).join(", ")}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void standin.close().then(() => process.exit(0));
  });
}
