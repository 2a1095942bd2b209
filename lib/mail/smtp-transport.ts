import nodemailer from "nodemailer";
import type { MailMessage, MailTransport } from "./mail-transport";

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127\./.test(hostname);
}

/** nodemailer's connection options for an SMTP URL (see createSmtpTransport). */
export function smtpOptionsFor(smtpUrl: string) {
  const url = new URL(smtpUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    requireTLS: url.protocol === "smtp:" && !isLoopback(url.hostname),
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

/**
 * SMTP from a URL such as smtps://user:pass@smtp.example.com:465 (implicit TLS) or
 * smtp://user:pass@smtp.example.com:587 (STARTTLS). STARTTLS is required for any host but loopback:
 * "only if offered" lets anyone on the path strip it and read the credentials and invitation links.
 * Timeouts are short so a slow relay fails the send instead of holding the request open.
 */
export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpOptionsFor(smtpUrl));
  return {
    kind: "smtp",
    async send(message: MailMessage) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
  };
}
