import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { MongoClient } from "mongodb";
import { NextRequest } from "next/server";
import { createApiKey } from "@/lib/api-keys";
import { AUDIT_CHAIN_HEADS_COLLECTION, AUDIT_EVENTS_COLLECTION } from "@/lib/audit/audit-event";
import { hashPassword } from "@/lib/auth/password";
import { ROLE_BITS, ROLES, type Role } from "@/lib/auth/roles";
import { createCostLine } from "@/lib/cost-lines/create-cost-line";
import { withTenantDb } from "@/lib/db";
import { createDeliverable } from "@/lib/deliverables/create-deliverable";
import { createInvitation } from "@/lib/invitations";
import { createService } from "@/lib/services/create-service";
import { createSite } from "@/lib/sites/create-site";
import { createTestTenant, type TestTenant } from "./factories";
import { ownerQuery } from "./owner-sql";
import { mintSessionToken, tenantRequest } from "./requests";
import { listRouteOperations, type RouteOperation } from "./route-registry";

// Two tenants for the attack matrix and the injection test: data of every kind, every text field
// carrying the tenant's marker (MARK-B-…), so a response that shows any of B's data is caught by a
// plain substring search; and a snapshot of everything a tenant owns, to prove an attack changed
// nothing. Tenant tables are discovered from the catalog, so a new table is covered by the snapshot
// as soon as its migration lands.

/** The key roles an API key may carry (lib/api-keys: keys are never owners). */
export const KEY_ROLES = ["admin", "billing", "analyst", "viewer"] as const satisfies readonly Role[];

export interface AttackTenant {
  label: string;
  tenant: TestTenant;
  /** Upper-case marker; every text field holds it (or its lower-case form where the field is lower-cased). */
  marker: string;
  users: Record<Role, { id: string; email: string; roleMask: number; session: string }>;
  keys: Record<(typeof KEY_ROLES)[number], { id: string; secret: string }>;
  siteId: string;
  domain: string;
  serviceId: string;
  costLineId: string;
  deliverableId: string;
  subscriptionId: string;
  invoiceIds: string[];
  /** Ids of objects created by routes that may not exist yet (invitations, members): name -> id. */
  extra: Record<string, string>;
}

export type RouteHandler = RouteOperation["handler"];

let operationsByKey: Promise<Map<string, RouteOperation>> | undefined;

/** The registry's operations keyed "METHOD /api/v1/path/{param}". */
export function routeOperations(): Promise<Map<string, RouteOperation>> {
  operationsByKey ??= listRouteOperations().then((operations) => new Map(operations.map((op) => [`${op.method} ${op.path}`, op])));
  return operationsByKey;
}

/** The handler of one route, importing only its file (scripts that seed need no other route). */
async function handlerOf(key: string): Promise<RouteHandler> {
  const [method, routePath] = key.split(" ") as [string, string];
  const dir = routePath.replace(/\{([^}]+)\}/g, "[$1]");
  const module = (await import(path.resolve(`app${dir}/route.ts`))) as Record<string, RouteHandler | undefined>;
  const handler = module[method];
  if (!handler) throw new Error(`no route ${key}`);
  return handler;
}

export interface RawResult {
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON body, or undefined for other content types. */
  json: unknown;
}

/** Calls a route handler and keeps the raw text (CSV exports are not JSON). */
export async function callRaw(handler: RouteHandler, request: NextRequest, params: Record<string, string> = {}): Promise<RawResult> {
  const response = await handler(request as never, { params: Promise.resolve(params) });
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  let json: unknown;
  if (contentType.includes("json") && text !== "") json = JSON.parse(text) as unknown;
  return { status: response.status, contentType, text, json };
}

async function sendAs(tenant: AttackTenant | { tenant: TestTenant }, session: string, key: string, path: string, json?: unknown, params: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const method = key.split(" ")[0]!;
  const request = tenantRequest(tenant.tenant.subdomain, path, { method, sessionToken: session, ...(json === undefined ? {} : { json }) });
  const result = await callRaw(await handlerOf(key), request, params);
  if (result.status >= 300) throw new Error(`seeding ${key} failed: ${result.status} ${result.text}`);
  return (result.json ?? {}) as Record<string, unknown>;
}

let sharedHash: Promise<string> | undefined;

/**
 * A tenant with data of every kind: a user per role, an API key per key role, a site, a service, a
 * cost line, a deliverable, metrics, an agency subscription with two invoices, a Stripe customer id,
 * and the audit events the seeding writes record. Everything is written through the route handlers
 * where one exists (so the audit log is real), else directly in the tenant's context.
 * `stripeCustomer: "marked"` stores a fake marked customer id (B); "none" leaves it for the caller to
 * create through the Stripe stand-in (A, whose portal route must work).
 */
export async function seedAttackTenant(label: string, options: { stripeCustomer: "marked" | "none" }): Promise<AttackTenant> {
  const marker = `MARK-${label}-${randomBytes(6).toString("hex")}`;
  const lower = marker.toLowerCase();
  const tenant = await createTestTenant(`${marker} Agency`);
  sharedHash ??= hashPassword("attack matrix password");
  const passwordHash = await sharedHash;
  const now = Date.now();
  const day = 24 * 3600 * 1000;

  const { users, subscriptionId, invoiceIds } = await withTenantDb(tenant.id, async (db) => {
    if (options.stripeCustomer === "marked") {
      await db.tenant.updateMany({ where: { id: tenant.id }, data: { stripeCustomerId: `cus_${marker}` } });
    }
    // Agency plan: its API quota is far above what the matrix sends.
    const subscription = await db.subscription.create({
      data: {
        tenantId: tenant.id, stripeSubId: `sub_${marker}`, status: "active", planTier: "agency", stripePriceId: `price_${marker}`,
        expiresAt: new Date(now + 365 * day), currentPeriodStart: new Date(now - 10 * day), statusEventId: `evt_${marker}_sub`,
        statusEventCreated: new Date(now - 10 * day),
      },
    });
    const invoices = [];
    for (const n of [1, 2]) {
      invoices.push(await db.invoice.create({
        data: {
          tenantId: tenant.id, stripeInvoiceId: `in_${marker}_${n}`, stripeSubId: `sub_${marker}`, number: `${marker}-000${n}`,
          status: "paid", billingReason: "subscription_cycle", currency: "USD", amountDue: 39_900n, amountPaid: 39_900n, attemptCount: 1,
          periodStart: new Date(now - (40 - 30 * (n - 1)) * day), periodEnd: new Date(now - (10 - 30 * (n - 1)) * day),
          paidAt: new Date(now - (40 - 30 * (n - 1)) * day), hostedInvoiceUrl: `https://invoice.stripe.test/${marker}/${n}`,
          createdAt: new Date(now - (40 - 30 * (n - 1)) * day), statusEventCreated: new Date(now - 10 * day), statusEventId: `evt_${marker}_in_${n}`,
        },
      }));
    }
    const created: Partial<AttackTenant["users"]> = {};
    for (const role of ROLES) {
      const user = await db.user.create({ data: { tenantId: tenant.id, email: `${lower}-${role}@example.test`, passwordHash, roleMask: ROLE_BITS[role] } });
      created[role] = { id: user.id, email: user.email, roleMask: user.roleMask, session: "" };
    }
    return { users: created as AttackTenant["users"], subscriptionId: subscription.id, invoiceIds: invoices.map((invoice) => invoice.id) };
  });
  for (const role of ROLES) users[role].session = await mintSessionToken({ ...users[role], tenantId: tenant.id });

  const owner = users.owner.session;
  const seed = { tenant };
  const domain = `${lower}.example.com`;
  const site = await sendAs(seed, owner, "POST /api/v1/sites", "/api/v1/sites", { name: `${marker} site`, domain, currency: "USD", timezone: "UTC" });
  const siteId = String(site.id);
  const service = await sendAs(seed, owner, "POST /api/v1/services", "/api/v1/services", { siteId, kind: "content", name: `${marker} service`, startDate: "2026-01-01", monthlyFee: "3000.00" });
  const serviceId = String(service.id);
  const costLine = await sendAs(seed, owner, "POST /api/v1/cost-lines", "/api/v1/cost-lines", { siteId, serviceId, date: "2026-02-01", amount: "250.00", note: `${marker} cost` });
  const deliverable = await sendAs(seed, owner, "POST /api/v1/deliverables", "/api/v1/deliverables", {
    serviceId, date: "2026-02-02", title: `${marker} deliverable`, url: `https://${domain}/${marker}`, hours: 3,
  });
  await sendAs(seed, owner, "POST /api/v1/metrics", "/api/v1/metrics", { siteId, rows: [
    { date: "2026-01-10", sessions: 100, conversions: 2, revenue: "1000.00", clicks: 50, impressions: 900, position: 2.5 },
    { date: "2026-02-10", channel: lower, sessions: 10, revenue: "5.00" },
  ] });
  const keys: Partial<AttackTenant["keys"]> = {};
  for (const role of KEY_ROLES) {
    const key = await sendAs(seed, owner, "POST /api/v1/api-keys", "/api/v1/api-keys", { name: `${marker} ${role} key`, role });
    keys[role] = { id: String(key.id), secret: String(key.key) };
  }

  // The team: an open invitation (members are the users above).
  const invitation = await sendAs(seed, owner, "POST /api/v1/invitations", "/api/v1/invitations", { email: `${lower}-invitee@example.test`, role: "analyst" });
  const extra: Record<string, string> = { invitationId: String(invitation.id) };
  return {
    label, tenant, marker, users, keys: keys as AttackTenant["keys"], siteId, domain, serviceId, costLineId: String(costLine.id),
    deliverableId: String(deliverable.id), subscriptionId, invoiceIds, extra,
  };
}

/** The strings that must never appear in a response to another tenant. */
export function secretsOf(seed: AttackTenant): string[] {
  return [seed.marker, seed.marker.toLowerCase(), seed.tenant.id, seed.tenant.subdomain, ...Object.values(seed.keys).map((key) => key.secret)];
}

/** The first of the tenant's secrets that the text contains (case-insensitively), if any. */
export function leakedSecret(text: string, seed: AttackTenant): string | undefined {
  const haystack = text.toLowerCase();
  return secretsOf(seed).find((secret) => haystack.includes(secret.toLowerCase()));
}

/** Fresh objects of A for cases that consume them (DELETE), made through the domain functions. */
export const freshObjects = {
  async site(tenantId: string): Promise<string> {
    return (await createSite(tenantId, { name: "Fresh site", domain: `fresh-${randomBytes(5).toString("hex")}.example.com`, currency: "USD", timezone: "UTC" })).id;
  },
  async service(tenantId: string, siteId: string): Promise<string> {
    return (await createService(tenantId, { siteId, kind: "links", name: "Fresh service", startDate: "2026-01-01", monthlyFee: "10.00" })).id;
  },
  async costLine(tenantId: string, siteId: string): Promise<string> {
    return (await createCostLine(tenantId, { siteId, date: "2026-01-05", amount: "1.00", note: "fresh" })).id;
  },
  async deliverable(tenantId: string, serviceId: string): Promise<string> {
    return (await createDeliverable(tenantId, { serviceId, date: "2026-01-05", title: "Fresh deliverable" })).id;
  },
  async apiKey(tenantId: string): Promise<string> {
    return (await createApiKey(tenantId, null, { name: "Fresh key", role: "viewer" })).id;
  },
  async member(tenantId: string): Promise<string> {
    sharedHash ??= hashPassword("attack matrix password");
    const passwordHash = await sharedHash;
    const email = `fresh-${randomBytes(5).toString("hex")}@example.test`;
    return (await withTenantDb(tenantId, (db) => db.user.create({ data: { tenantId, email, passwordHash, roleMask: ROLE_BITS.viewer } }))).id;
  },
  /** An open viewer invitation, last sent two minutes ago (past the resend cooldown). */
  async invitation(tenantId: string): Promise<string> {
    const issued = await createInvitation(tenantId, { userId: null, roleMask: ROLE_BITS.admin }, { email: `fresh-${randomBytes(5).toString("hex")}@example.test`, role: "viewer" });
    const sentAt = new Date(Date.now() - 2 * 60_000);
    await withTenantDb(tenantId, (db) => db.invitation.updateMany({ where: { id: issued.invitation.id }, data: { lastSentAt: sentAt } }));
    return issued.invitation.id;
  },
};

// ---------------------------------------------------------------------------------------------------
// Snapshots

let tenantTables: Promise<string[]> | undefined;

/** Every base table with a tenant_id column, from the catalog (so new tables are included at once). */
export function listTenantTables(): Promise<string[]> {
  tenantTables ??= ownerQuery<{ table_name: string }>(`
    SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name`).then((rows) => rows.map((row) => row.table_name));
  return tenantTables;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Everything the tenant owns, as PostgreSQL renders it: its tenants row and all its rows of every
 * tenant table (ordered by the row's text, a stable total order), plus a digest of its audit
 * documents and chain head. Two snapshots are equal exactly when nothing of the tenant changed.
 */
export async function snapshotTenant(tenantId: string): Promise<string> {
  const tables = await listTenantTables();
  const parts = [
    `'tenants', (SELECT coalesce(json_agg(t ORDER BY t::text), '[]') FROM tenants t WHERE t.id = $1)`,
    ...tables.map((table) => `'${table}', (SELECT coalesce(json_agg(t ORDER BY t::text), '[]') FROM ${quoteIdent(table)} t WHERE t.tenant_id = $1)`),
  ];
  const [row] = await ownerQuery<{ snapshot: unknown }>(`SELECT json_build_object(${parts.join(", ")}) AS snapshot`, [tenantId]);
  return JSON.stringify({ postgres: row!.snapshot, audit: await auditDigest(tenantId) });
}

let mongo: MongoClient | undefined;

/** Count and SHA-256 of the tenant's audit documents (by seq) and its chain head. */
export async function auditDigest(tenantId: string): Promise<{ events: number; sha256: string; head: unknown }> {
  mongo ??= new MongoClient(process.env.MONGODB_URI!, { serverSelectionTimeoutMS: 5_000, retryWrites: false });
  const db = mongo.db();
  const events = await db.collection(AUDIT_EVENTS_COLLECTION).find({ tenantId }).sort({ seq: 1 }).toArray();
  const head = await db.collection(AUDIT_CHAIN_HEADS_COLLECTION).findOne({ _id: tenantId as never });
  return { events: events.length, sha256: createHash("sha256").update(JSON.stringify(events)).digest("hex"), head };
}

export async function closeAttackFixtures(): Promise<void> {
  await mongo?.close();
  mongo = undefined;
}
