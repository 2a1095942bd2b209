import { AppError } from "@/lib/errors";
import { assertStorableText } from "./assert-storable-text";
import { DEFAULT_MAX_BODY_BYTES, readRawBody } from "./read-raw-body";

export { DEFAULT_MAX_BODY_BYTES };

/**
 * Reads a JSON body (application/json or +json) under the size cap; malformed JSON is a 400, a string
 * PostgreSQL cannot store as sent (NUL, unpaired surrogate) a 422.
 */
export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(await readRawBody(request, maxBytes));
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.");
  }
  assertStorableText(body);
  return body;
}
