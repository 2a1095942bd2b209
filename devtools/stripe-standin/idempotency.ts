// Idempotency-Key on POST: the first response to a key is saved and replayed for a retry with the same
// parameters (marked `Idempotent-Replayed: true`); reusing a key for other parameters or another endpoint is
// an idempotency_error. Like Stripe, only requests that ran are saved (a validation error is not), and keys
// are forgotten after 24 hours.
import { StripeApiError } from "./errors.ts";

const KEY_TTL_MS = 24 * 60 * 60 * 1000;

type SavedResponse = { endpoint: string; parameters: string; status: number; body: string; requestId: string; savedAt: number };

export type Replay = { status: number; body: string; originalRequestId: string };

export class IdempotencyStore {
  private readonly saved = new Map<string, SavedResponse>();

  /** The saved response for this key, or undefined when the request should run; throws on a mismatch. */
  replay(key: string, endpoint: string, parameters: string): Replay | undefined {
    this.forgetExpired();
    const saved = this.saved.get(key);
    if (saved === undefined) return undefined;
    if (saved.endpoint !== endpoint) {
      throw new StripeApiError(400, "idempotency_error",
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`);
    }
    if (saved.parameters !== parameters) {
      throw new StripeApiError(400, "idempotency_error",
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
    }
    return { status: saved.status, body: saved.body, originalRequestId: saved.requestId };
  }

  save(key: string, response: Omit<SavedResponse, "savedAt">): void {
    this.saved.set(key, { ...response, savedAt: Date.now() });
  }

  private forgetExpired(): void {
    const cutoff = Date.now() - KEY_TTL_MS;
    for (const [key, saved] of this.saved) if (saved.savedAt < cutoff) this.saved.delete(key);
  }
}
