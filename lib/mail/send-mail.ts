import { getMailTransport } from "./get-mail-transport";
import type { MailMessage } from "./mail-transport";

/** Sends through the configured transport; true when it was handed over, false (logged) when not. */
export async function sendMail(message: MailMessage, requestId?: string): Promise<boolean> {
  try {
    await getMailTransport().send(message);
    return true;
  } catch (error) {
    // The address is personal data: log the failure with the request id, not the recipient.
    console.error(`[mail] could not send "${message.subject}" (request ${requestId ?? "-"})`, error);
    return false;
  }
}
