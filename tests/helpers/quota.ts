import { API_QUOTA_WINDOW_MS } from "@/lib/rate-limit";

/**
 * Waits, if need be, until the API quota's current fixed window has at least `marginMs` left, so a
 * test that counts requests against the quota never straddles a window boundary (where the count
 * starts again, by design).
 */
export async function awaitFreshQuotaWindow(marginMs = 10_000): Promise<void> {
  const left = API_QUOTA_WINDOW_MS - (Date.now() % API_QUOTA_WINDOW_MS);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
