export type { MailMessage, MailTransport } from "./mail-transport";
export { getMailTransport, isOutboxEnabled, mailFrom } from "./get-mail-transport";
export { sendMail } from "./send-mail";
export { listOutboxMessages, type OutboxMessage, OUTBOX_CAPACITY } from "./outbox-transport";
export { createSmtpTransport } from "./smtp-transport";
