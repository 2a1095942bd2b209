import { isReservedSubdomain, isValidSubdomainLabel } from "./reserved-subdomains";

// What the edge router should do with a request, decided from its Host header alone.
export type HostRoute = { kind: "root" } | { kind: "tenant"; subdomain: string } | { kind: "invalid"; reason: string };

type HostParts = { hostname: string; port: string };

// Printable ASCII only. Checked before lower-casing because some non-ASCII characters lower-case to ASCII
// (U+212A KELVIN SIGN becomes "k"), which would let a unicode host alias a real tenant.
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
// A DNS name with an optional port. Excludes IPv6 literals ("[::1]"), userinfo ("a@b"), paths and spaces.
const HOST_WITH_PORT = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/;
// The schemes' default ports: browsers omit them, proxies sometimes add them; both forms mean the same origin.
const DEFAULT_PORTS = new Set(["80", "443"]);

// Splits "name[:port]" into a canonical host name (one trailing dot removed) and port ("" for none or default).
function splitHost(value: string): HostParts | undefined {
  if (!PRINTABLE_ASCII.test(value)) return undefined;
  const match = HOST_WITH_PORT.exec(value.toLowerCase());
  if (!match) return undefined;
  // "example.com." is the fully-qualified spelling of "example.com"; only one trailing dot is legal.
  const name = match[1] ?? "";
  const hostname = name.endsWith(".") ? name.slice(0, -1) : name;
  if (hostname === "" || hostname.split(".").some((label) => label === "")) return undefined;
  const port = match[2] ?? "";
  if (port !== "" && (!/^[1-9]\d*$/.test(port) || Number(port) > 65535)) return undefined;
  return { hostname, port: DEFAULT_PORTS.has(port) ? "" : port };
}

// Classifies a Host header against the root domain (e.g. "roispectrum.com" or "roispectrum.localhost:3000").
export function parseHost(host: string | null | undefined, rootDomain: string): HostRoute {
  if (host === null || host === undefined || host === "") return { kind: "invalid", reason: "missing host" };
  const root = splitHost(rootDomain);
  if (!root) return { kind: "invalid", reason: "root domain is malformed" };
  const parts = splitHost(host);
  if (!parts) return { kind: "invalid", reason: "malformed host" };

  let label: string;
  if (parts.hostname === root.hostname) {
    label = "";
  } else if (parts.hostname.endsWith(`.${root.hostname}`)) {
    label = parts.hostname.slice(0, -(root.hostname.length + 1));
  } else {
    return { kind: "invalid", reason: "host is not under the root domain" };
  }
  // Same name on another port is another origin (another app, or a port scan): never serve it.
  if (parts.port !== root.port) return { kind: "invalid", reason: "port does not match the root domain" };

  if (label === "" || label === "www") return { kind: "root" };
  if (label.includes(".")) return { kind: "invalid", reason: "nested subdomain" };
  if (!isValidSubdomainLabel(label)) return { kind: "invalid", reason: "subdomain is not a valid tenant label" };
  if (isReservedSubdomain(label)) return { kind: "invalid", reason: "subdomain is reserved" };
  return { kind: "tenant", subdomain: label };
}
