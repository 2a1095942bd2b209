/** The scheme the client used, as the proxy in front says (x-forwarded-proto); http unless it says https. */
export function requestProtocol(headers: Headers): "http" | "https" {
  return headers.get("x-forwarded-proto") === "https" ? "https" : "http";
}
