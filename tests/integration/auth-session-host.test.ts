import { beforeAll, describe, expect, it } from "vitest";
import { isSessionOfHost } from "@/lib/auth/is-session-of-host";
import { createTestTenant, type TestTenant } from "../helpers/factories";
import { tenantRequest } from "../helpers/requests";

// next-auth's own session endpoint (app/api/auth/[...nextauth]/route.ts) keeps a session only on its
// tenant's host; the route itself needs Next's request scope and is covered end to end in
// tests/e2e/header-attacks.spec.ts. This is the decision it takes.

let tenantA: TestTenant;
let tenantB: TestTenant;

const headersOf = (subdomain: string) => tenantRequest(subdomain, "/api/auth/session").headers;

beforeAll(async () => {
  [tenantA, tenantB] = await Promise.all([createTestTenant("Session A"), createTestTenant("Session B")]);
});

describe("isSessionOfHost", () => {
  it("keeps a session on its own tenant's host", async () => {
    expect(await isSessionOfHost(headersOf(tenantA.subdomain), { tenantId: tenantA.id, userId: "u" })).toBe(true);
  });

  it("drops a session replayed on another tenant's host", async () => {
    expect(await isSessionOfHost(headersOf(tenantB.subdomain), { tenantId: tenantA.id, userId: "u" })).toBe(false);
  });

  it("drops a session when the tenant header does not agree with the Host (middleware skipped)", async () => {
    const headers = headersOf(tenantA.subdomain);
    headers.set("host", `${tenantB.subdomain}.${process.env.APP_ROOT_DOMAIN ?? "roispectrum.localhost:3000"}`);
    expect(await isSessionOfHost(headers, { tenantId: tenantA.id })).toBe(false);
  });

  it("lets an empty session through unchanged", async () => {
    expect(await isSessionOfHost(headersOf(tenantB.subdomain), {})).toBe(true);
  });
});
