import { describe, expect, it } from "vitest";

// The development outbox does not exist in production: the page answers Next's 404. The process is
// configured as production before anything reads the configuration (each test file has its own).
Object.assign(process.env, {
  APP_ENV: "production",
  NEXTAUTH_SECRET: "prod-nextauth-secret-0123456789abcdef0123",
  CRON_SECRET: "prod-cron-secret-0123456789",
  STRIPE_SECRET_KEY: "sk_live_0123456789abcdef",
  STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef",
  UPSTASH_REDIS_REST_TOKEN: "prod-upstash-token-0123456789",
  SMTP_URL: "smtps://mailer:secret@smtp.example.com:465",
});

describe("the development outbox page", () => {
  it("is a 404 when APP_ENV=production", async () => {
    const { default: OutboxPage } = await import("@/app/(marketing)/dev/outbox/page");
    const rendering = OutboxPage({ searchParams: Promise.resolve({}) });
    await expect(rendering).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_HTTP_ERROR_FALLBACK;404/) });
  });

  it("is not the transport production uses", async () => {
    const { getMailTransport, isOutboxEnabled } = await import("@/lib/mail");
    expect(isOutboxEnabled()).toBe(false);
    expect(getMailTransport().kind).toBe("smtp");
  });
});
