import { AppError } from "@/lib/errors";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body's exact bytes, with a hard size cap enforced while streaming, so a missing or false
 * Content-Length cannot push an oversized body into memory. Raw bytes also serve signatures computed
 * over the body (Stripe's webhooks), which parsing and re-serialising would change.
 */
export async function readRawBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Buffer> {
  const tooLarge = () => new AppError("payload_too_large", `The body is larger than ${Math.round(maxBytes / 1024)} KiB.`);
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}
