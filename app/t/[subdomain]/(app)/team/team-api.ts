// The team page's calls to its API: JSON in, the error's own message out.

export async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string; details?: { message: string }[] } };
  return body.error?.details?.[0]?.message ?? body.error?.message ?? "The request failed.";
}

/** Sends one request; resolves to the error message, or null on success. */
export async function sendTeamRequest(path: string, method: "POST" | "PATCH" | "DELETE", body?: unknown): Promise<{ error: string | null; data: unknown }> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) return { error: await errorMessage(response), data: null };
  return { error: null, data: await response.json().catch(() => null) };
}
