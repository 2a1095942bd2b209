import nodemailer from "nodemailer";
import type { MailMessage, MailTransport } from "./mail-transport";

/**
 * SMTP from a URL such as smtps://user:pass@smtp.example.com:465 (implicit TLS) or
 * smtp://user:pass@smtp.example.com:587 (STARTTLS, required when the server offers it). Timeouts are
 * short so a slow relay fails the send instead of holding the request open.
 */
export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  const url = new URL(smtpUrl);
  const transporter = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    kind: "smtp",
    async send(message: MailMessage) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
  };
}
