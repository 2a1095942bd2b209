import { getConfig, getRootDomain } from "@/lib/config";
import type { MailTransport } from "./mail-transport";
import { createOutboxTransport } from "./outbox-transport";
import { createSmtpTransport } from "./smtp-transport";

const globalForMail = globalThis as unknown as { roiMailTransport?: MailTransport };

/** The sender address: MAIL_FROM, else no-reply at the root domain. */
export function mailFrom(): string {
  const configured = getConfig().MAIL_FROM;
  if (configured) return configured;
  return `ROI Spectrum <no-reply@${getRootDomain().replace(/:\d+$/, "")}>`;
}

/** Whether mail stays in the development outbox (no SMTP_URL; never in production). */
export function isOutboxEnabled(): boolean {
  const config = getConfig();
  return config.APP_ENV !== "production" && !config.SMTP_URL;
}

/** SMTP when SMTP_URL is set (always in production), else the development outbox. */
export function getMailTransport(): MailTransport {
  if (!globalForMail.roiMailTransport) {
    const config = getConfig();
    globalForMail.roiMailTransport = config.SMTP_URL
      ? createSmtpTransport(config.SMTP_URL, mailFrom())
      : createOutboxTransport(mailFrom());
  }
  return globalForMail.roiMailTransport;
}
