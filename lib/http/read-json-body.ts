import { AppError } from "@/lib/errors";
import { DEFAULT_MAX_BODY_BYTES, readRawBody } from "./read-raw-body";

export { DEFAULT_MAX_BODY_BYTES };

/** Reads a JSON body (application/json or +json) under the size cap; malformed JSON is a 400. */
export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(await readRawBody(request, maxBytes));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.");
  }
}
