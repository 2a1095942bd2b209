// Same-origin JSON calls to /api/v1 with the session cookie, and the API's error shape
// (`{"error":{"code","message","details"?:[{field|row, message}]}}`) turned into something a form can show.

export interface ApiFailure {
  ok: false;
  status: number;
  message: string;
  /** First message per field, for showing next to the input. */
  fieldErrors: Record<string, string>;
}

export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { field?: string; row?: number; message?: string }[] };
}

/** Sends a request and reads the JSON answer; network failures become a failure, never a throw. */
export async function requestJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, message: "The server could not be reached. Check your connection and try again.", fieldErrors: {} };
  }
  if (response.ok) {
    // 204 (delete) has no body.
    const data = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    return { ok: true, data: data as T };
  }
  return toFailure(response);
}

async function toFailure(response: Response): Promise<ApiFailure> {
  const body = (await response.json().catch(() => ({}))) as ErrorBody;
  const fieldErrors: Record<string, string> = {};
  for (const detail of body.error?.details ?? []) {
    if (detail.field && detail.message && !(detail.field in fieldErrors)) fieldErrors[detail.field] = detail.message;
  }
  return { ok: false, status: response.status, message: body.error?.message ?? `The request failed (HTTP ${response.status}).`, fieldErrors };
}

/** A JSON body without the form's empty optional inputs (the API treats absent and empty differently). */
export function withoutEmpty(values: Record<string, string | number | undefined>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== ""));
}

/** A text input's value from FormData. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}
