import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_ROOT_DOMAIN, getRootDomain, parseConfig } from "@/lib/config";

// Secrets that satisfy every format rule and differ from the development defaults.
const PRODUCTION_SECRETS = {
  NEXTAUTH_SECRET: "prod-nextauth-secret-0123456789abcdef0123",
  CRON_SECRET: "prod-cron-secret-0123456789",
  STRIPE_SECRET_KEY: "sk_live_0123456789abcdef",
  STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef",
  UPSTASH_REDIS_REST_TOKEN: "prod-upstash-token-0123456789",
  SMTP_URL: "smtps://mailer:secret@smtp.example.com:465",
} as const;

const SECRET_NAMES = Object.keys(PRODUCTION_SECRETS) as (keyof typeof PRODUCTION_SECRETS)[];

/** The ConfigError parseConfig throws for env; fails the test if it parses. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected parseConfig to throw for ${JSON.stringify(env)}`);
}

/** Variable names the error message lists, one per "  NAME: reason" line. */
function namedVariables(error: ConfigError): string[] {
  return [...error.message.matchAll(/^ {2}([A-Z_]+): /gm)].map((match) => match[1]!);
}

describe("parseConfig", () => {
  it("applies every default to an empty environment", () => {
    expect(parseConfig({})).toEqual({
      APP_ENV: "development",
      APP_ROOT_DOMAIN: "roispectrum.localhost:3000",
      DATABASE_URL: "postgresql://roi_app@127.0.0.1:5432/roispectrum",
      DATABASE_OWNER_URL: "postgresql://roi_owner@127.0.0.1:5432/roispectrum",
      NEXTAUTH_SECRET: expect.any(String),
      CRON_SECRET: expect.any(String),
      STRIPE_SECRET_KEY: expect.stringMatching(/^sk_test_/),
      STRIPE_WEBHOOK_SECRET: expect.stringMatching(/^whsec_/),
      MONGODB_URI: "mongodb://127.0.0.1:27018/roispectrum",
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
      UPSTASH_REDIS_REST_TOKEN: expect.any(String),
    });
  });

  it("gives development secrets that pass their own format rules", () => {
    const config = parseConfig({});
    expect(config.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(config.CRON_SECRET.length).toBeGreaterThanOrEqual(16);
    expect(config.UPSTASH_REDIS_REST_TOKEN.length).toBeGreaterThanOrEqual(8);
    expect(config.STRIPE_API_BASE).toBeUndefined();
  });

  it("takes the values that are set", () => {
    const config = parseConfig({
      APP_ENV: "test",
      APP_ROOT_DOMAIN: "roispectrum.com",
      DATABASE_URL: "postgres://app@db.internal:5432/roi",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      MONGODB_URI: "mongodb+srv://cluster.example.net/roi",
    });
    expect(config).toMatchObject({
      APP_ENV: "test",
      APP_ROOT_DOMAIN: "roispectrum.com",
      DATABASE_URL: "postgres://app@db.internal:5432/roi",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      MONGODB_URI: "mongodb+srv://cluster.example.net/roi",
    });
  });

  it("treats empty-string variables as unset", () => {
    const config = parseConfig({ APP_ENV: "", APP_ROOT_DOMAIN: "", DATABASE_URL: "", NEXTAUTH_SECRET: "", STRIPE_API_BASE: "" });
    expect(config).toEqual(parseConfig({}));
  });

  it("treats undefined variables as unset", () => {
    expect(parseConfig({ DATABASE_URL: undefined, CRON_SECRET: undefined })).toEqual(parseConfig({}));
  });

  it.each(["mysql://x", "not a url", "http://127.0.0.1:5432/roispectrum"])(
    "rejects DATABASE_URL %j with a ConfigError naming DATABASE_URL",
    (value) => {
      const error = configError({ DATABASE_URL: value });
      expect(error.name).toBe("ConfigError");
      expect(namedVariables(error)).toEqual(["DATABASE_URL"]);
      expect(error.message).toMatch(/DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//);
    },
  );

  it("names every bad variable in one error", () => {
    const error = configError({
      APP_ENV: "staging",
      DATABASE_URL: "not a url",
      DATABASE_OWNER_URL: "mysql://owner@host/db",
      NEXTAUTH_SECRET: "too-short",
      MONGODB_URI: "postgres://wrong",
      UPSTASH_REDIS_REST_URL: "redis://127.0.0.1:6379",
    });
    expect(namedVariables(error).sort()).toEqual(
      ["APP_ENV", "DATABASE_OWNER_URL", "DATABASE_URL", "MONGODB_URI", "NEXTAUTH_SECRET", "UPSTASH_REDIS_REST_URL"].sort(),
    );
  });

  it("names STRIPE_WEBHOOK_SECRET when it does not start with whsec_", () => {
    const error = configError({ STRIPE_WEBHOOK_SECRET: "wh_0123456789" });
    expect(namedVariables(error)).toEqual(["STRIPE_WEBHOOK_SECRET"]);
    expect(error.message).toContain("STRIPE_WEBHOOK_SECRET: must start with whsec_");
  });

  it("names a STRIPE_SECRET_KEY that is not an sk_/rk_ test or live key", () => {
    expect(namedVariables(configError({ STRIPE_SECRET_KEY: "pk_live_0123" }))).toEqual(["STRIPE_SECRET_KEY"]);
    expect(parseConfig({ STRIPE_SECRET_KEY: "rk_test_0123" }).STRIPE_SECRET_KEY).toBe("rk_test_0123");
  });

  it.each(["RoiSpectrum.com", "roispectrum.com/app", "https://roispectrum.com", "roispectrum.com:port"])(
    "rejects APP_ROOT_DOMAIN %j",
    (value) => {
      expect(namedVariables(configError({ APP_ROOT_DOMAIN: value }))).toEqual(["APP_ROOT_DOMAIN"]);
    },
  );

  it("accepts a lower-case APP_ROOT_DOMAIN with or without a port", () => {
    expect(parseConfig({ APP_ROOT_DOMAIN: "roispectrum.com" }).APP_ROOT_DOMAIN).toBe("roispectrum.com");
    expect(parseConfig({ APP_ROOT_DOMAIN: "roi-spectrum.localhost:8080" }).APP_ROOT_DOMAIN).toBe("roi-spectrum.localhost:8080");
  });

  describe("with APP_ENV=production", () => {
    it("names every secret that is not set", () => {
      const error = configError({ APP_ENV: "production" });
      expect(namedVariables(error).sort()).toEqual([...SECRET_NAMES].sort());
      for (const name of SECRET_NAMES) {
        expect(error.message).toContain(`${name}: must be set explicitly when APP_ENV=production`);
      }
    });

    it("names the secrets still missing alongside a malformed variable", () => {
      const error = configError({ APP_ENV: "production", ...PRODUCTION_SECRETS, CRON_SECRET: undefined, DATABASE_URL: "mysql://x" });
      expect(namedVariables(error).sort()).toEqual(["CRON_SECRET", "DATABASE_URL"]);
    });

    it("rejects a secret set explicitly to its development default", () => {
      const developmentKey = parseConfig({}).STRIPE_SECRET_KEY;
      const error = configError({ APP_ENV: "production", ...PRODUCTION_SECRETS, STRIPE_SECRET_KEY: developmentKey });
      expect(namedVariables(error)).toEqual(["STRIPE_SECRET_KEY"]);
    });

    it("parses when every secret is set", () => {
      const config = parseConfig({ APP_ENV: "production", APP_ROOT_DOMAIN: "roispectrum.com", ...PRODUCTION_SECRETS });
      expect(config).toMatchObject({ APP_ENV: "production", APP_ROOT_DOMAIN: "roispectrum.com", ...PRODUCTION_SECRETS });
    });
  });

  it("does not require production secrets outside production", () => {
    expect(parseConfig({ APP_ENV: "development" }).APP_ENV).toBe("development");
    expect(parseConfig({ APP_ENV: "test" }).APP_ENV).toBe("test");
  });
});

describe("getRootDomain", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.APP_ROOT_DOMAIN;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.APP_ROOT_DOMAIN;
    else process.env.APP_ROOT_DOMAIN = saved;
  });

  it("reads APP_ROOT_DOMAIN lower-cased", () => {
    process.env.APP_ROOT_DOMAIN = "RoiSpectrum.COM";
    expect(getRootDomain()).toBe("roispectrum.com");
  });

  it("trims surrounding whitespace", () => {
    process.env.APP_ROOT_DOMAIN = "  roispectrum.com:8443 \n";
    expect(getRootDomain()).toBe("roispectrum.com:8443");
  });

  it("falls back to the default when APP_ROOT_DOMAIN is unset", () => {
    delete process.env.APP_ROOT_DOMAIN;
    expect(getRootDomain()).toBe("roispectrum.localhost:3000");
    expect(DEFAULT_ROOT_DOMAIN).toBe("roispectrum.localhost:3000");
  });

  it("falls back to the default when APP_ROOT_DOMAIN is empty or blank", () => {
    for (const value of ["", "   "]) {
      process.env.APP_ROOT_DOMAIN = value;
      expect(getRootDomain()).toBe(DEFAULT_ROOT_DOMAIN);
    }
  });
});
