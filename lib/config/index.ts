import { z } from "zod";

// Built-in defaults make `npm run dev` work with no .env at all. With APP_ENV=production every
// secret must be set explicitly and may not equal its development default.
export const DEFAULT_ROOT_DOMAIN = "roispectrum.localhost:3000";

const DEV_SECRETS = {
  NEXTAUTH_SECRET: "dev-only-nextauth-secret-change-me-0123456789",
  CRON_SECRET: "dev-only-cron-secret",
  STRIPE_SECRET_KEY: "sk_test_devstandin",
  STRIPE_WEBHOOK_SECRET: "whsec_devstandin",
  UPSTASH_REDIS_REST_TOKEN: "dev-only-upstash-token",
} as const;

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`);

const stripePriceId = z.string().regex(/^price_[A-Za-z0-9_]+$/, "must be a Stripe price id (price_...)");

export const configSchema = z
  .object({
    APP_ENV: z.enum(["development", "test", "production"]).default("development"),
    APP_ROOT_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d{1,5})?$/, "must be a lower-case host name with an optional port")
      .default(DEFAULT_ROOT_DOMAIN),
    DATABASE_URL: url(["postgres:", "postgresql:"]).default("postgresql://roi_app@127.0.0.1:5432/roispectrum"),
    DATABASE_OWNER_URL: url(["postgres:", "postgresql:"]).default("postgresql://roi_owner@127.0.0.1:5432/roispectrum"),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_SECRETS.NEXTAUTH_SECRET),
    CRON_SECRET: z.string().min(16, "must be at least 16 characters").default(DEV_SECRETS.CRON_SECRET),
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "must start with sk_test_, sk_live_, rk_test_ or rk_live_").default(DEV_SECRETS.STRIPE_SECRET_KEY),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").default(DEV_SECRETS.STRIPE_WEBHOOK_SECRET),
    STRIPE_API_BASE: url(["http:", "https:"]).optional(),
    // Stripe price ids of the paid plans; unset means the development ids the local stand-in serves
    // (lib/plans/plans.ts). Production sets the ids of the account's prices.
    STRIPE_PRICE_STARTER: stripePriceId.optional(),
    STRIPE_PRICE_PRO: stripePriceId.optional(),
    STRIPE_PRICE_AGENCY: stripePriceId.optional(),
    // Names the billing queue's Redis keys (default "billing"), so two deployments or test runs can
    // share one Redis without consuming each other's Stripe events.
    BILLING_QUEUE_NAME: z.string().regex(/^[a-z0-9-]{1,40}$/, "must be 1-40 lower-case letters, digits or hyphens").optional(),
    MONGODB_URI: url(["mongodb:", "mongodb+srv:"]).default("mongodb://127.0.0.1:27018/roispectrum"),
    UPSTASH_REDIS_REST_URL: url(["http:", "https:"]).default("http://127.0.0.1:8079"),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(8, "must be at least 8 characters").default(DEV_SECRETS.UPSTASH_REDIS_REST_TOKEN),
    // Outgoing mail (invitations). Set: sent over SMTP (smtps:// for implicit TLS, smtp:// with
    // STARTTLS when the server offers it). Unset, outside production: kept in the development outbox
    // (Redis), shown at /dev/outbox on the marketing host. Production requires it.
    SMTP_URL: url(["smtp:", "smtps:"]).optional(),
    MAIL_FROM: z
      .string()
      .max(320)
      .regex(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address, e.g. "ROI Spectrum <team@example.com>"')
      .optional(),
  })
  .superRefine((config, ctx) => {
    if (config.APP_ENV !== "production") return;
    for (const [name, devValue] of Object.entries(DEV_SECRETS)) {
      if (config[name as keyof typeof DEV_SECRETS] === devValue) {
        ctx.addIssue({ code: "custom", path: [name], message: "must be set explicitly when APP_ENV=production" });
      }
    }
    // Production mail must leave the building; the development outbox is not a delivery.
    if (!config.SMTP_URL) {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "must be set explicitly when APP_ENV=production" });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment; the error names every missing or malformed variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // An empty variable counts as unset, as in most deployment dashboards.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

let cached: AppConfig | undefined;

/** The validated configuration, parsed once per process. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Edge-safe: the middleware needs only the root domain, not the server secrets. */
export function getRootDomain(): string {
  const value = process.env.APP_ROOT_DOMAIN?.trim().toLowerCase();
  return value ? value : DEFAULT_ROOT_DOMAIN;
}
