import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/tenants/route";
import { call, randomIp, rootRequest, tenantRequest } from "../helpers/requests";
import { uniqueSubdomain } from "../helpers/factories";
import { ownerQuery } from "../helpers/owner-sql";

function signUpBody(overrides: Record<string, unknown> = {}) {
  return { name: "Acme SEO", subdomain: uniqueSubdomain("acme"), email: "Owner@Example.test", password: "a long enough password", ...overrides };
}

async function tenantCount(subdomain: string): Promise<number> {
  const rows = await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM tenants WHERE lower(subdomain) = lower($1)", [subdomain]);
  return rows[0]!.n;
}

describe("POST /api/v1/tenants", () => {
  it("creates the tenant and its owner and returns 201 with their ids and the workspace URL", async () => {
    const body = signUpBody();
    const result = await call<{ tenant: Record<string, string>; user: Record<string, string> }>(POST, rootRequest("/api/v1/tenants", { json: body }));
    expect(result.status).toBe(201);
    expect(result.body.tenant).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Acme SEO",
      subdomain: body.subdomain,
      url: `http://${body.subdomain}.roispectrum.localhost:3000`,
    });
    expect(result.body.user).toEqual({ id: expect.any(String), email: "owner@example.test" });
    const users = await ownerQuery<{ role_mask: number; password_hash: string; email: string }>(
      "SELECT role_mask, password_hash, email FROM users WHERE tenant_id = $1",
      [result.body.tenant.id],
    );
    expect(users).toHaveLength(1);
    expect(users[0]!.role_mask & 1).toBe(1);
    expect(users[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("answers 409 for a subdomain that is taken in any letter case, and keeps the first tenant", async () => {
    const body = signUpBody();
    expect((await call(POST, rootRequest("/api/v1/tenants", { json: body }))).status).toBe(201);
    const again = await call<{ error: { code: string; details: { field: string }[] } }>(
      POST,
      rootRequest("/api/v1/tenants", { json: { ...body, subdomain: body.subdomain.toUpperCase(), name: "Impostor" } }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(again.body.error.details[0]!.field).toBe("subdomain");
    const names = await ownerQuery<{ name: string }>("SELECT name FROM tenants WHERE subdomain = $1", [body.subdomain]);
    expect(names).toEqual([{ name: "Acme SEO" }]);
  });

  it("answers 409 for a reserved subdomain", async () => {
    const result = await call<{ error: { code: string } }>(POST, rootRequest("/api/v1/tenants", { json: signUpBody({ subdomain: "admin" }) }));
    expect(result.status).toBe(409);
    expect(await tenantCount("admin")).toBe(0);
  });

  it("answers 422 naming every invalid field", async () => {
    const result = await call<{ error: { code: string; details: { field: string }[] } }>(
      POST,
      rootRequest("/api/v1/tenants", { json: { name: "", subdomain: "-bad-", email: "not-an-email", password: "short" } }),
    );
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe("validation_failed");
    expect(result.body.error.details.map((d) => d.field).sort()).toEqual(["email", "name", "password", "subdomain"]);
  });

  it.each([
    ["missing fields", {}],
    ["wrong types", { name: 42, subdomain: ["a"], email: true, password: { $gt: "" } }],
    ["an unknown field", { ...signUpBody(), isAdmin: true }],
    ["a unicode subdomain", signUpBody({ subdomain: "bücher" })],
    ["a punycode subdomain", signUpBody({ subdomain: "xn--bcher-kva" })],
    ["a nested subdomain", signUpBody({ subdomain: "a.b" })],
    ["an SQL-injection subdomain", signUpBody({ subdomain: "x'; DROP TABLE tenants; --" })],
    ["a header-injection subdomain", signUpBody({ subdomain: "evil\r\nSet-Cookie: a=b" })],
    ["a body that is not an object", ["name", "subdomain"]],
    ["a 51-character subdomain", signUpBody({ subdomain: "a".repeat(51) })],
  ])("answers 422 for %s and creates nothing", async (_case, body) => {
    const result = await call<{ error: { code: string; message: string } }>(POST, rootRequest("/api/v1/tenants", { json: body }));
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe("validation_failed");
  });

  it("stores SQL metacharacters in the name verbatim", async () => {
    const name = "Robert'); DROP TABLE tenants; --";
    const result = await call<{ tenant: { id: string } }>(POST, rootRequest("/api/v1/tenants", { json: signUpBody({ name }) }));
    expect(result.status).toBe(201);
    expect(await ownerQuery("SELECT name FROM tenants WHERE id = $1", [result.body.tenant.id])).toEqual([{ name }]);
  });

  it("answers 400 for malformed JSON and 415 for a non-JSON body", async () => {
    const malformed = await call<{ error: { code: string } }>(
      POST,
      rootRequest("/api/v1/tenants", { rawBody: '{"name": "x",', headers: { "content-type": "application/json" } }),
    );
    expect([malformed.status, malformed.body.error.code]).toEqual([400, "invalid_json"]);
    const form = await call<{ error: { code: string } }>(
      POST,
      rootRequest("/api/v1/tenants", { rawBody: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    );
    expect(form.status).toBe(415);
  });

  it("answers 413 for a body over 1 MB, declared or not", async () => {
    const body = signUpBody({ name: "x".repeat(1024 * 1024) });
    const result = await call<{ error: { code: string } }>(POST, rootRequest("/api/v1/tenants", { json: body }));
    expect([result.status, result.body.error.code]).toEqual([413, "payload_too_large"]);
    expect(await tenantCount(body.subdomain as string)).toBe(0);
  });

  it("answers 404 on a tenant host, even with spoofed tenant headers", async () => {
    const body = signUpBody();
    const result = await call(POST, tenantRequest("some-tenant", "/api/v1/tenants", { json: body, headers: { "x-forwarded-host": "roispectrum.localhost:3000" } }));
    expect(result.status).toBe(404);
    expect(await tenantCount(body.subdomain as string)).toBe(0);
  });

  it("rate-limits sign-ups per client address with 429 and Retry-After", async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let attempt = 0; attempt < 6; attempt++) {
      last = await call(POST, rootRequest("/api/v1/tenants", { json: { bad: true }, headers: { "x-forwarded-for": ip } }));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
