// What the product sends, and the one interface every way of sending it implements. Production
// sends over SMTP; development and tests keep messages in an outbox a developer can read.

export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text body: every message has one (it is what the outbox shows). */
  text: string;
  html?: string;
}

export interface MailTransport {
  readonly kind: "smtp" | "outbox";
  /** Hands the message over for delivery; rejects when it could not be handed over. */
  send(message: MailMessage): Promise<void>;
}
