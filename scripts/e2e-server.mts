// Playwright's web server: the test database, a flushed Redis database of its own behind the
// Upstash bridge, one production build per run, then `next start`.
import { spawn, spawnSync } from "node:child_process";
import { Redis as IORedis } from "ioredis";
import { DEFAULT_PRICES } from "../devtools/stripe-standin/default-prices.ts";
import { startStripeStandin } from "../devtools/stripe-standin/server.ts";
import { prepareTestServices } from "../tests/setup/prepare-test-services.ts";
import { E2E_PORT, E2E_REDIS_URL, E2E_ROOT_DOMAIN } from "../tests/e2e/e2e-env.ts";

// Rate-limit windows outlive a run; the e2e Redis database starts empty so reruns behave alike.
const redis = new IORedis(E2E_REDIS_URL);
await redis.flushdb();
redis.disconnect();

const services = await prepareTestServices(E2E_REDIS_URL);
process.env.APP_ROOT_DOMAIN = E2E_ROOT_DOMAIN;
// Stripe's side of checkout: its hosted page, and signed webhooks to the app's root host.
const stripe = await startStripeStandin({
  port: 0,
  secretKey: "sk_test_e2estandin",
  webhookSecret: "whsec_e2estandin",
  webhookUrl: `http://${E2E_ROOT_DOMAIN}/api/v1/webhooks/stripe`,
  prices: DEFAULT_PRICES,
  retry: { attempts: 8, baseDelayMs: 250 },
});
Object.assign(process.env, { STRIPE_API_BASE: stripe.url, STRIPE_SECRET_KEY: "sk_test_e2estandin", STRIPE_WEBHOOK_SECRET: "whsec_e2estandin" });

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync("node_modules/.bin/next", ["build"], { stdio: ["ignore", "inherit", "inherit"], env: process.env });
  if (build.status !== 0) {
    await services.close();
    process.exit(build.status ?? 1);
  }
}

const server = spawn("node_modules/.bin/next", ["start", "-p", String(E2E_PORT)], {
  stdio: "inherit",
  env: process.env,
});
const stop = () => {
  server.kill("SIGTERM");
  void services.close();
  void stripe.close();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.on("exit", (code) => {
  void services.close();
  process.exit(code ?? 0);
});
