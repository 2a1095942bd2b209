import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBillingTestEnv } from "../helpers/billing";

// The generated cross-tenant attack matrix. Every tenant route the registry derives from the route
// files × every principal of tenant A (a session per role, an API key per key role) is sent
//  - A's own valid request: the roles whose permissions (lib/auth/roles.ts, computed, not listed
//    here) include the route's get 2xx, every other role 403 — each role gets exactly its permissions;
//  - B's ids in the path, the query and the body: 404 for permitted roles (never 403, never 2xx),
//    403 for the others;
// and afterwards B's rows in every tenant table and its audit documents are byte-for-byte what they
// were, and no response ever contained a marker of B's. The checkout and portal routes call Stripe:
// a stand-in of this file's own, set up before anything reads the configuration.
const billing = await startBillingTestEnv();

const { KEY_ROLES, callRaw, closeAttackFixtures, leakedSecret, listTenantTables, routeOperations, seedAttackTenant, snapshotTenant } = await import("../helpers/attack-fixtures");
const { ATTACK_TABLE } = await import("../helpers/attack-table");
const { ROLE_BITS, ROLES, hasPermission } = await import("@/lib/auth/roles");
const { roleMaskOfKeyRole } = await import("@/lib/api-keys/api-key-schemas");
const { ensureStripeCustomer } = await import("@/lib/billing/ensure-stripe-customer");
const { tenantRequest } = await import("../helpers/requests");
type AttackTenant = import("../helpers/attack-fixtures").AttackTenant;
type AttackRequest = import("../helpers/attack-table").AttackRequest;
type AttackExpectation = import("../helpers/attack-table").AttackExpectation;
type RawResult = import("../helpers/attack-fixtures").RawResult;
type RouteOperation = import("../helpers/route-registry").RouteOperation;

interface Principal {
  name: string;
  roleMask: number;
  credentials(a: AttackTenant): { sessionToken: string } | { apiKey: string };
}

const principals: Principal[] = [
  ...ROLES.map((role) => ({ name: `${role} session`, roleMask: ROLE_BITS[role], credentials: (a: AttackTenant) => ({ sessionToken: a.users[role].session }) })),
  ...KEY_ROLES.map((role) => ({ name: `${role} key`, roleMask: roleMaskOfKeyRole(role), credentials: (a: AttackTenant) => ({ apiKey: a.keys[role].secret }) })),
];

const operations = [...(await routeOperations()).values()];
const tenantOperations = operations.filter((op): op is RouteOperation & { guard: { kind: "tenant"; permission: Parameters<typeof hasPermission>[1] } } => op.guard?.kind === "tenant");
const keyOf = (op: RouteOperation) => `${op.method} ${op.path}`;

let a: AttackTenant;
let b: AttackTenant;
let bBefore: string;
// route · case -> principal -> status, printed at the end.
const table = new Map<string, Map<string, string>>();
const leaks: string[] = [];
let executed = 0;

beforeAll(async () => {
  [a, b] = await Promise.all([seedAttackTenant("A", { stripeCustomer: "none" }), seedAttackTenant("B", { stripeCustomer: "marked" })]);
  // A's portal must work: its customer exists on the stand-in.
  await ensureStripeCustomer(a.tenant.id);
  bBefore = await snapshotTenant(b.tenant.id);
});

afterAll(async () => {
  await closeAttackFixtures();
  await billing.close();
});

async function send(op: RouteOperation, principal: Principal, request: AttackRequest): Promise<RawResult> {
  const options = { method: op.method, ...principal.credentials(a), ...(request.json === undefined ? {} : { json: request.json }) };
  const result = await callRaw(op.handler, tenantRequest(a.tenant.subdomain, request.path, options), request.params ?? {});
  executed++;
  const leaked = leakedSecret(result.text, b);
  if (leaked) leaks.push(`${keyOf(op)} as ${principal.name}: response contains ${leaked}`);
  return result;
}

function record(row: string, principal: Principal, result: RawResult): void {
  if (!table.has(row)) table.set(row, new Map());
  table.get(row)!.set(principal.name, String(result.status));
}

interface ErrorJson { error?: { code?: string; message?: string; details?: { field?: string }[] } }

/** The JSON error shape of every 4xx/5xx. */
function expectErrorShape(result: RawResult, context: string): ErrorJson["error"] {
  const body = result.json as ErrorJson | undefined;
  expect(typeof body?.error?.code, `${context}: ${result.text}`).toBe("string");
  expect(typeof body?.error?.message, context).toBe("string");
  return body!.error;
}

function expectCrossTenant(result: RawResult, expectation: AttackExpectation, context: string): void {
  const body = result.json as (ErrorJson & { data?: unknown[] }) | undefined;
  switch (expectation.kind) {
    case "not_found": {
      expect([result.status, body?.error?.code], `${context}: ${result.text}`).toEqual([404, "not_found"]);
      if (expectation.field) expect(body?.error?.details?.map((detail) => detail.field), context).toContain(expectation.field);
      return;
    }
    case "rejected":
      expect([result.status, body?.error?.code], `${context}: ${result.text}`).toEqual([422, "validation_failed"]);
      return;
    case "empty":
      expect(result.status, `${context}: ${result.text}`).toBe(200);
      if (result.contentType.includes("csv")) expect(result.text.trim().split("\n"), context).toHaveLength(1);
      else expect(body?.data, context).toEqual([]);
      return;
  }
}

describe("the attack table", () => {
  it("has an entry for every tenant route the registry derives, and none for routes that are gone", () => {
    const keys = tenantOperations.map(keyOf);
    const missing = keys.filter((key) => !(key in ATTACK_TABLE)).map((key) => `add an attack entry for ${key} in tests/helpers/attack-table.ts`);
    const stale = Object.keys(ATTACK_TABLE).filter((key) => !keys.includes(key)).map((key) => `remove the attack entry for ${key} (no such tenant route)`);
    expect([...missing, ...stale]).toEqual([]);
  });
});

describe("the seeded tenants (controls for the checks below)", () => {
  it("B has rows in every tenant table, and its marker in its snapshot", async () => {
    const snapshot = JSON.parse(bBefore) as { postgres: Record<string, unknown[]>; audit: { events: number } };
    const tables = await listTenantTables();
    console.info(`tenant tables in the snapshot: tenants, ${tables.join(", ")}; B's audit events: ${snapshot.audit.events}`);
    expect(tables.filter((table) => snapshot.postgres[table]!.length === 0).map((table) => `seed B with rows of ${table}`)).toEqual([]);
    expect(snapshot.audit.events).toBeGreaterThan(5);
    expect(leakedSecret(bBefore, b)).toBe(b.marker);
  });

  it("B's own owner sees its markers, so the leak check would see them in a response to A", async () => {
    const reads = ["GET /api/v1/sites", "GET /api/v1/billing", "GET /api/v1/audit-logs", "GET /api/v1/api-keys", "GET /api/v1/deliverables", "GET /api/v1/members", "GET /api/v1/invitations"];
    for (const key of reads) {
      const op = operations.find((candidate) => keyOf(candidate) === key)!;
      const result = await callRaw(op.handler, tenantRequest(b.tenant.subdomain, op.path, { sessionToken: b.users.owner.session }));
      expect([result.status, leakedSecret(result.text, b) !== undefined], key).toEqual([200, true]);
    }
  });
});

describe(`the matrix: ${tenantOperations.length} tenant routes × ${principals.length} principals of A`, () => {
  for (const op of tenantOperations) {
    const key = keyOf(op);
    const entry = ATTACK_TABLE[key];
    if (!entry) continue;
    const permission = op.guard.permission;

    describe(`${key} (${permission})`, () => {
      it(`A's own request: ${principals.filter((p) => hasPermission(p.roleMask, permission)).map((p) => p.name).join(", ") || "nobody"} get ${entry.ownStatus ?? "2xx"}, every other principal 403`, async () => {
        for (const principal of principals) {
          const context = `${key} own as ${principal.name}`;
          const result = await send(op, principal, await entry.own(a));
          record(`${key} · own`, principal, result);
          if (!hasPermission(principal.roleMask, permission)) {
            expect([result.status, expectErrorShape(result, context)?.code], context).toEqual([403, "forbidden"]);
          } else if (entry.ownStatus) {
            expect(result.status, `${context}: ${result.text}`).toBe(entry.ownStatus);
          } else {
            expect(result.status, `${context}: ${result.text}`).toBeGreaterThanOrEqual(200);
            expect(result.status, `${context}: ${result.text}`).toBeLessThan(300);
          }
        }
      });

      for (const attack of entry.crossTenant) {
        it(`${attack.name}: ${attack.expect.kind === "not_found" ? "404" : attack.expect.kind === "empty" ? "200 with nothing" : "422"} for permitted principals, 403 for the others; B unchanged`, async () => {
          for (const principal of principals) {
            const context = `${key} ${attack.name} as ${principal.name}`;
            const result = await send(op, principal, attack.request(a, b));
            record(`${key} · ${attack.name}`, principal, result);
            if (hasPermission(principal.roleMask, permission)) {
              expectCrossTenant(result, attack.expect, context);
            } else {
              expect([result.status, expectErrorShape(result, context)?.code], context).toEqual([403, "forbidden"]);
            }
            if (result.status >= 400) expectErrorShape(result, context);
          }
          expect(await snapshotTenant(b.tenant.id)).toBe(bBefore);
        });
      }
    });
  }
});

describe("after the whole matrix", () => {
  it("B's rows and audit documents are byte-for-byte unchanged, and no response contained anything of B's", async () => {
    const rows = [...table.keys()];
    const width = Math.max(...rows.map((row) => row.length));
    const header = `${"route · case".padEnd(width)} | ${principals.map((p) => p.name.padStart(15)).join(" ")}`;
    const lines = rows.map((row) => `${row.padEnd(width)} | ${principals.map((p) => (table.get(row)!.get(p.name) ?? "-").padStart(15)).join(" ")}`);
    console.info(`attack matrix: ${executed} requests (${tenantOperations.length} routes, ${rows.length} route cases × ${principals.length} principals)\n${header}\n${lines.join("\n")}`);

    expect(leaks).toEqual([]);
    expect(executed).toBe(rows.length * principals.length);
    expect(await snapshotTenant(b.tenant.id)).toBe(bBefore);
  });
});
