import { describe, expect, it } from "vitest";
import { parseHost, type HostRoute } from "@/lib/middleware/parse-host";
import { isReservedSubdomain, isValidSubdomainLabel, RESERVED_SUBDOMAINS } from "@/lib/middleware/reserved-subdomains";

const DEV_ROOT = "roispectrum.localhost:3000";
const PROD_ROOT = "roispectrum.com";

const root: HostRoute = { kind: "root" };
const tenant = (subdomain: string): HostRoute => ({ kind: "tenant", subdomain });
const label50 = `a${"b".repeat(48)}c`;
const label51 = `a${"b".repeat(49)}c`;

type Case = [description: string, host: string | null | undefined, rootDomain: string, expected: HostRoute | "invalid"];

const cases: Case[] = [
  // ports
  ["tenant on the root's port", "acme.roispectrum.localhost:3000", DEV_ROOT, tenant("acme")],
  ["root on the root's port", "roispectrum.localhost:3000", DEV_ROOT, root],
  ["tenant on another port", "acme.roispectrum.localhost:3001", DEV_ROOT, "invalid"],
  ["root on another port", "roispectrum.localhost:4000", DEV_ROOT, "invalid"],
  ["tenant without the root's port", "acme.roispectrum.localhost", DEV_ROOT, "invalid"],
  ["tenant with a port the root lacks", "acme.roispectrum.com:3000", PROD_ROOT, "invalid"],
  ["explicit :443 against a port-less root", "acme.roispectrum.com:443", PROD_ROOT, tenant("acme")],
  ["explicit :80 against a port-less root", "acme.roispectrum.com:80", PROD_ROOT, tenant("acme")],
  ["no port against a root written with :443", "acme.roispectrum.com", "roispectrum.com:443", tenant("acme")],
  ["no port against a root written with :80", "roispectrum.com", "roispectrum.com:80", root],
  ["a port with a leading zero", "acme.roispectrum.localhost:03000", DEV_ROOT, "invalid"],
  ["port zero", "acme.roispectrum.com:0", PROD_ROOT, "invalid"],
  ["port out of range", "acme.roispectrum.com:70000", PROD_ROOT, "invalid"],
  ["an empty port", "acme.roispectrum.com:", PROD_ROOT, "invalid"],
  ["a port on its own", ":3000", DEV_ROOT, "invalid"],
  // production-style root
  ["production root", "roispectrum.com", PROD_ROOT, root],
  ["production tenant", "acme.roispectrum.com", PROD_ROOT, tenant("acme")],
  ["seeded demo tenant", "demo.roispectrum.com", PROD_ROOT, tenant("demo")],
  // case and trailing dot
  ["upper-case tenant host", "ACME.RoiSpectrum.COM", PROD_ROOT, tenant("acme")],
  ["upper-case root host", "ROISPECTRUM.LOCALHOST:3000", DEV_ROOT, root],
  ["upper-case root domain setting", "acme.roispectrum.com", "RoiSpectrum.com", tenant("acme")],
  ["trailing dot on a tenant", "acme.roispectrum.com.", PROD_ROOT, tenant("acme")],
  ["trailing dot before the port", "acme.roispectrum.localhost.:3000", DEV_ROOT, tenant("acme")],
  ["trailing dot on the root", "roispectrum.com.", PROD_ROOT, root],
  ["two trailing dots", "acme.roispectrum.com..", PROD_ROOT, "invalid"],
  // www
  ["www is the root", "www.roispectrum.com", PROD_ROOT, root],
  ["www on the dev root", "www.roispectrum.localhost:3000", DEV_ROOT, root],
  ["upper-case www", "WWW.roispectrum.com", PROD_ROOT, root],
  ["www under a tenant", "www.acme.roispectrum.com", PROD_ROOT, "invalid"],
  // nesting and not under the root
  ["nested subdomain", "a.b.roispectrum.com", PROD_ROOT, "invalid"],
  ["nested on the dev root", "x.acme.roispectrum.localhost:3000", DEV_ROOT, "invalid"],
  ["an empty label", "acme..roispectrum.com", PROD_ROOT, "invalid"],
  ["a leading dot", ".roispectrum.com", PROD_ROOT, "invalid"],
  ["another domain", "acme.example.com", PROD_ROOT, "invalid"],
  ["the root as a suffix of another name", "acmeroispectrum.com", PROD_ROOT, "invalid"],
  ["the root as a prefix of another name", "roispectrum.com.evil.com", PROD_ROOT, "invalid"],
  ["a tenant of a look-alike root", "acme.roispectrum.co", PROD_ROOT, "invalid"],
  ["bare localhost", "localhost:3000", DEV_ROOT, "invalid"],
  // IDN and unicode
  ["punycode tenant label", "xn--bcher-kva.roispectrum.com", PROD_ROOT, "invalid"],
  ["punycode with another prefix", "ab--cd.roispectrum.com", PROD_ROOT, "invalid"],
  ["double hyphen elsewhere is fine", "a--b.roispectrum.com", PROD_ROOT, tenant("a--b")],
  ["raw unicode label", "bücher.roispectrum.com", PROD_ROOT, "invalid"],
  ["unicode that lower-cases to ASCII (Kelvin sign)", "\u212Acme.roispectrum.com", PROD_ROOT, "invalid"],
  ["full-width letters", "ａｃｍｅ.roispectrum.com", PROD_ROOT, "invalid"],
  ["punycode root", "acme.xn--rispectrum-x9a.com", PROD_ROOT, "invalid"],
  // empty and garbage
  ["null", null, PROD_ROOT, "invalid"],
  ["undefined", undefined, PROD_ROOT, "invalid"],
  ["empty string", "", PROD_ROOT, "invalid"],
  ["only whitespace", "   ", PROD_ROOT, "invalid"],
  ["leading whitespace", " acme.roispectrum.com", PROD_ROOT, "invalid"],
  ["trailing newline", "acme.roispectrum.com\n", PROD_ROOT, "invalid"],
  ["inner space", "ac me.roispectrum.com", PROD_ROOT, "invalid"],
  ["tab", "acme.roispectrum.com\t", PROD_ROOT, "invalid"],
  ["userinfo", "evil@acme.roispectrum.com", PROD_ROOT, "invalid"],
  ["a path", "acme.roispectrum.com/x", PROD_ROOT, "invalid"],
  ["an underscore", "ac_me.roispectrum.com", PROD_ROOT, "invalid"],
  ["a scheme", "https://acme.roispectrum.com", PROD_ROOT, "invalid"],
  ["two hosts", "acme.roispectrum.com,evil.com", PROD_ROOT, "invalid"],
  // reserved labels
  ["reserved api", "api.roispectrum.com", PROD_ROOT, "invalid"],
  ["reserved admin", "admin.roispectrum.localhost:3000", DEV_ROOT, "invalid"],
  ["reserved internal segment name t", "t.roispectrum.com", PROD_ROOT, "invalid"],
  ["reserved upper-case", "BILLING.roispectrum.com", PROD_ROOT, "invalid"],
  // label shape and length
  ["50-character label", `${label50}.roispectrum.com`, PROD_ROOT, tenant(label50)],
  ["51-character label", `${label51}.roispectrum.com`, PROD_ROOT, "invalid"],
  ["one-character label", "a.roispectrum.com", PROD_ROOT, tenant("a")],
  ["digits only", "42.roispectrum.com", PROD_ROOT, tenant("42")],
  ["inner hyphen", "acme-corp.roispectrum.com", PROD_ROOT, tenant("acme-corp")],
  ["leading hyphen", "-acme.roispectrum.com", PROD_ROOT, "invalid"],
  ["trailing hyphen", "acme-.roispectrum.com", PROD_ROOT, "invalid"],
  ["hyphen alone", "-.roispectrum.com", PROD_ROOT, "invalid"],
  // IP addresses
  ["IPv4 address", "127.0.0.1", PROD_ROOT, "invalid"],
  ["IPv4 address with the root's port", "127.0.0.1:3000", DEV_ROOT, "invalid"],
  ["IPv6 literal", "[::1]", PROD_ROOT, "invalid"],
  ["IPv6 literal with a port", "[::1]:3000", DEV_ROOT, "invalid"],
  ["bare IPv6", "::1", PROD_ROOT, "invalid"],
];

describe("parseHost", () => {
  it.each(cases)("%s: %j", (_description, host, rootDomain, expected) => {
    const result = parseHost(host, rootDomain);
    if (expected === "invalid") {
      expect(result.kind).toBe("invalid");
      if (result.kind === "invalid") expect(result.reason).not.toBe("");
    } else {
      expect(result).toEqual(expected);
    }
  });

  it("treats every host as invalid when the root domain setting is malformed", () => {
    expect(parseHost("acme.roispectrum.com", "https://roispectrum.com").kind).toBe("invalid");
    expect(parseHost("roispectrum.com", "").kind).toBe("invalid");
  });

  it("says why a host was refused", () => {
    expect(parseHost("api.roispectrum.com", PROD_ROOT)).toEqual({ kind: "invalid", reason: "subdomain is reserved" });
    expect(parseHost("a.b.roispectrum.com", PROD_ROOT)).toEqual({ kind: "invalid", reason: "nested subdomain" });
  });
});

describe("subdomain label rules", () => {
  it("does not reserve the seeded demo tenant", () => {
    expect(isReservedSubdomain("demo")).toBe(false);
  });

  it("reserves only labels that are themselves well-formed", () => {
    for (const label of RESERVED_SUBDOMAINS) expect(isValidSubdomainLabel(label), label).toBe(true);
  });

  it("expects an already lower-cased label", () => {
    expect(isValidSubdomainLabel("Acme")).toBe(false);
    expect(isValidSubdomainLabel("acme")).toBe(true);
  });

  it("refuses IDNA-style labels", () => {
    expect(isValidSubdomainLabel("xn--bcher-kva")).toBe(false);
  });
});
