import { INVITATION_TTL_MS } from "./invitation-schemas";

/** Seven days from now, in whole seconds (the token carries seconds; both must name the same instant). */
export function invitationExpiry(now: Date = new Date()): Date {
  return new Date(Math.floor((now.getTime() + INVITATION_TTL_MS) / 1000) * 1000);
}
