// The environment every test process shares: a separate local database and Redis database, so
// tests never touch development data. Imported by the Vitest global set-up and by Playwright's.
export const TEST_DATABASE = "roispectrum_test";
export const TEST_REDIS_URL = "redis://127.0.0.1:6379/1";
export const TEST_UPSTASH_TOKEN = "test-upstash-token";

export const testEnv: Record<string, string> = {
  APP_ENV: "test",
  DATABASE_URL: `postgresql://roi_app@127.0.0.1:5432/${TEST_DATABASE}`,
  DATABASE_OWNER_URL: `postgresql://roi_owner@127.0.0.1:5432/${TEST_DATABASE}`,
  UPSTASH_REDIS_REST_TOKEN: TEST_UPSTASH_TOKEN,
  NEXTAUTH_SECRET: "test-nextauth-secret-0123456789abcdef0123456789",
  CRON_SECRET: "test-cron-secret-0123456789",
  NEXT_TELEMETRY_DISABLED: "1",
};

export const adminDatabaseUrl = process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
