import { randomBytes } from "node:crypto";
import { freshObjects, type AttackTenant } from "./attack-fixtures";

// How to attack each tenant route: where B's ids go (path, query, body) and what a valid request
// of A's own looks like. Keyed "METHOD /api/v1/path/{param}" exactly as tests/helpers/route-registry.ts
// derives it from the route files; the matrix fails for a tenant route with no entry here, so a new
// route cannot ship without its cross-tenant cases.

export interface AttackRequest {
  /** Path with query string. */
  path: string;
  /** Values of the route's dynamic segments. */
  params?: Record<string, string>;
  json?: unknown;
}

/**
 * What a cross-tenant attempt must answer when the role is permitted (a role without the route's
 * permission always gets 403 first):
 * - not_found: 404 `not_found` (another tenant's object is indistinguishable from a missing one),
 *   naming `field` when the id came in the query or body;
 * - empty: 200 with nothing in it — for free-form filters (the audit log's actorId/targetId match
 *   any string, e.g. a Stripe id, so an id of B's is simply a filter that matches none of A's events);
 * - rejected: 422 `validation_failed` — B's id smuggled into a field the route does not take
 *   (strict schemas: a service cannot be moved to another site, a tenant id is never input).
 */
export type AttackExpectation = { kind: "not_found"; field?: string } | { kind: "empty" } | { kind: "rejected" };

export interface CrossTenantAttack {
  name: string;
  request(a: AttackTenant, b: AttackTenant): AttackRequest;
  expect: AttackExpectation;
}

export interface AttackEntry {
  /** A valid request with A's own ids (may create fresh objects of A for destructive methods). */
  own(a: AttackTenant): Promise<AttackRequest>;
  /** The status a permitted role gets for `own`, when not plain 2xx (documented per entry). */
  ownStatus?: number;
  crossTenant: CrossTenantAttack[];
  /** Extra string query parameters the route takes beyond those in `own` (for the injection corpus). */
  queryStrings?: string[];
}

const REPORT_RANGE = "from=2026-01-01&to=2026-03-31";
const uniqueDomain = () => `matrix-${randomBytes(5).toString("hex")}.example.com`;
const pathIdAttack = (base: string, pick: (b: AttackTenant) => string): CrossTenantAttack => ({
  name: "B's id in the path",
  request: (_a, b) => ({ path: `${base}/${pick(b)}`, params: { id: pick(b) } }),
  expect: { kind: "not_found" },
});
const notFound = (field?: string): AttackExpectation => ({ kind: "not_found", ...(field ? { field } : {}) });
const own = (request: AttackRequest) => () => Promise.resolve(request);

/** GET/PATCH/DELETE of one item of site data, plus its list and create routes. */
function siteDataEntries(
  base: string,
  options: {
    ownId: (a: AttackTenant) => string;
    otherId: (b: AttackTenant) => string;
    fresh: (a: AttackTenant) => Promise<string>;
    patch: unknown;
    /** B's ids smuggled into a PATCH of A's own item. */
    patchSmuggles: { name: string; body: (a: AttackTenant, b: AttackTenant) => unknown }[];
    listFilters: { param: string; pick: (b: AttackTenant) => string; own: (a: AttackTenant) => string }[];
    create: (a: AttackTenant) => Record<string, unknown>;
    /** Body fields holding ids of the tenant's objects: B's value → 404 naming the field. */
    createRefs: { field: string; pick: (b: AttackTenant) => string }[];
  },
): Record<string, AttackEntry> {
  const item = `${base}/{id}`;
  const listQuery = (a: AttackTenant) => options.listFilters.map((filter) => `${filter.param}=${filter.own(a)}`).join("&");
  return {
    [`GET ${base}`]: {
      own: (a) => Promise.resolve({ path: `${base}?limit=5${options.listFilters.length ? `&${listQuery(a)}` : ""}` }),
      crossTenant: options.listFilters.map((filter) => ({
        name: `?${filter.param}=<B's>`,
        request: (_a, b) => ({ path: `${base}?${filter.param}=${filter.pick(b)}` }),
        expect: notFound(filter.param),
      })),
      queryStrings: ["cursor"],
    },
    [`POST ${base}`]: {
      own: (a) => Promise.resolve({ path: base, json: options.create(a) }),
      crossTenant: [
        ...options.createRefs.map((ref) => ({
          name: `B's ${ref.field} in the body`,
          request: (a: AttackTenant, b: AttackTenant) => ({ path: base, json: { ...options.create(a), [ref.field]: ref.pick(b) } }),
          expect: notFound(ref.field),
        })),
        {
          name: "B's tenantId in the body",
          request: (a, b) => ({ path: base, json: { ...options.create(a), tenantId: b.tenant.id } }),
          expect: { kind: "rejected" },
        },
      ],
    },
    [`GET ${item}`]: {
      own: (a) => Promise.resolve({ path: `${base}/${options.ownId(a)}`, params: { id: options.ownId(a) } }),
      crossTenant: [pathIdAttack(base, options.otherId)],
    },
    [`PATCH ${item}`]: {
      own: (a) => Promise.resolve({ path: `${base}/${options.ownId(a)}`, params: { id: options.ownId(a) }, json: options.patch }),
      crossTenant: [
        { ...pathIdAttack(base, options.otherId), request: (_a, b) => ({ path: `${base}/${options.otherId(b)}`, params: { id: options.otherId(b) }, json: options.patch }) },
        ...options.patchSmuggles.map((smuggle) => ({
          name: smuggle.name,
          request: (a: AttackTenant, b: AttackTenant) => ({ path: `${base}/${options.ownId(a)}`, params: { id: options.ownId(a) }, json: smuggle.body(a, b) }),
          expect: { kind: "rejected" } as const,
        })),
      ],
    },
    [`DELETE ${item}`]: {
      own: async (a) => {
        const id = await options.fresh(a);
        return { path: `${base}/${id}`, params: { id } };
      },
      crossTenant: [pathIdAttack(base, options.otherId)],
    },
  };
}

export const ATTACK_TABLE: Record<string, AttackEntry> = {
  ...siteDataEntries("/api/v1/sites", {
    ownId: (a) => a.siteId, otherId: (b) => b.siteId, fresh: (a) => freshObjects.site(a.tenant.id),
    patch: { name: "Matrix site" },
    patchSmuggles: [{ name: "B's tenantId in the body of A's site", body: (_a, b) => ({ name: "Moved", tenantId: b.tenant.id }) }],
    listFilters: [],
    create: () => ({ name: "Matrix site", domain: uniqueDomain(), currency: "USD", timezone: "UTC" }),
    createRefs: [],
  }),
  ...siteDataEntries("/api/v1/services", {
    ownId: (a) => a.serviceId, otherId: (b) => b.serviceId, fresh: (a) => freshObjects.service(a.tenant.id, a.siteId),
    patch: { name: "Matrix service" },
    patchSmuggles: [{ name: "B's siteId in the body of A's service", body: (_a, b) => ({ siteId: b.siteId }) }],
    listFilters: [{ param: "siteId", pick: (b) => b.siteId, own: (a) => a.siteId }],
    create: (a) => ({ siteId: a.siteId, kind: "links", name: "Matrix service", startDate: "2026-01-01", monthlyFee: "1.00" }),
    createRefs: [{ field: "siteId", pick: (b) => b.siteId }],
  }),
  ...siteDataEntries("/api/v1/cost-lines", {
    ownId: (a) => a.costLineId, otherId: (b) => b.costLineId, fresh: (a) => freshObjects.costLine(a.tenant.id, a.siteId),
    patch: { note: "Matrix cost" },
    patchSmuggles: [
      { name: "B's serviceId in the body of A's cost line", body: (_a, b) => ({ serviceId: b.serviceId }) },
      { name: "B's siteId in the body of A's cost line", body: (_a, b) => ({ siteId: b.siteId }) },
    ],
    listFilters: [{ param: "siteId", pick: (b) => b.siteId, own: (a) => a.siteId }],
    create: (a) => ({ siteId: a.siteId, serviceId: a.serviceId, date: "2026-01-01", amount: "1.00", note: "Matrix cost" }),
    createRefs: [{ field: "siteId", pick: (b) => b.siteId }, { field: "serviceId", pick: (b) => b.serviceId }],
  }),
  ...siteDataEntries("/api/v1/deliverables", {
    ownId: (a) => a.deliverableId, otherId: (b) => b.deliverableId, fresh: (a) => freshObjects.deliverable(a.tenant.id, a.serviceId),
    patch: { title: "Matrix deliverable" },
    patchSmuggles: [{ name: "B's serviceId in the body of A's deliverable", body: (_a, b) => ({ serviceId: b.serviceId }) }],
    listFilters: [
      { param: "siteId", pick: (b) => b.siteId, own: (a) => a.siteId },
      { param: "serviceId", pick: (b) => b.serviceId, own: (a) => a.serviceId },
    ],
    create: (a) => ({ serviceId: a.serviceId, date: "2026-01-01", title: "Matrix deliverable", url: "https://example.com/matrix", hours: 1 }),
    createRefs: [{ field: "serviceId", pick: (b) => b.serviceId }],
  }),

  "POST /api/v1/metrics": {
    own: (a) => Promise.resolve({ path: "/api/v1/metrics", json: { siteId: a.siteId, rows: [{ date: "2026-01-11", channel: "matrix", sessions: 1 }] } }),
    crossTenant: [{
      name: "B's siteId in the body",
      request: (_a, b) => ({ path: "/api/v1/metrics", json: { siteId: b.siteId, rows: [{ date: "2026-01-10", sessions: 999_999 }] } }),
      expect: notFound("siteId"),
    }],
  },
  "GET /api/v1/reports/roi": {
    own: (a) => Promise.resolve({ path: `/api/v1/reports/roi?${REPORT_RANGE}&siteId=${a.siteId}&channel=organic&currency=USD` }),
    crossTenant: [{ name: "?siteId=<B's>", request: (_a, b) => ({ path: `/api/v1/reports/roi?${REPORT_RANGE}&siteId=${b.siteId}` }), expect: notFound("siteId") }],
  },

  "GET /api/v1/api-keys": { own: own({ path: "/api/v1/api-keys" }), crossTenant: [] },
  "POST /api/v1/api-keys": {
    own: own({ path: "/api/v1/api-keys", json: { name: "Matrix key", role: "viewer" } }),
    crossTenant: [{ name: "B's tenantId in the body", request: (_a, b) => ({ path: "/api/v1/api-keys", json: { name: "Planted", role: "admin", tenantId: b.tenant.id } }), expect: { kind: "rejected" } }],
  },
  "DELETE /api/v1/api-keys/{id}": {
    own: async (a) => {
      const id = await freshObjects.apiKey(a.tenant.id);
      return { path: `/api/v1/api-keys/${id}`, params: { id } };
    },
    crossTenant: [pathIdAttack("/api/v1/api-keys", (b) => b.keys.admin.id)],
  },

  "GET /api/v1/audit-logs": {
    own: own({ path: "/api/v1/audit-logs?limit=5&action=site.created&targetType=site" }),
    crossTenant: [
      { name: "?targetId=<B's site>", request: (_a, b) => ({ path: `/api/v1/audit-logs?targetId=${b.siteId}` }), expect: { kind: "empty" } },
      { name: "?actorId=<B's owner>", request: (_a, b) => ({ path: `/api/v1/audit-logs?actorId=${b.users.owner.id}` }), expect: { kind: "empty" } },
    ],
    queryStrings: ["actorId", "targetId", "from", "to", "cursor"],
  },
  "GET /api/v1/audit-logs/export": {
    own: own({ path: "/api/v1/audit-logs/export?action=site.created" }),
    crossTenant: [
      { name: "?targetId=<B's site>", request: (_a, b) => ({ path: `/api/v1/audit-logs/export?targetId=${b.siteId}` }), expect: { kind: "empty" } },
      { name: "?actorId=<B's API key>", request: (_a, b) => ({ path: `/api/v1/audit-logs/export?actorId=${b.keys.admin.id}` }), expect: { kind: "empty" } },
    ],
    queryStrings: ["targetId", "from", "to"],
  },
  "GET /api/v1/audit-logs/verify": { own: own({ path: "/api/v1/audit-logs/verify" }), crossTenant: [] },

  "GET /api/v1/billing": { own: own({ path: "/api/v1/billing" }), crossTenant: [] },
  "POST /api/v1/billing/checkout": {
    own: own({ path: "/api/v1/billing/checkout", json: { planTier: "pro" } }),
    // A already pays (agency, so API quotas never interfere): a permitted caller reaches the domain
    // rule "change plan in the portal" (409), which is past the permission check.
    ownStatus: 409,
    crossTenant: [{ name: "B's tenantId in the body", request: (_a, b) => ({ path: "/api/v1/billing/checkout", json: { planTier: "pro", tenantId: b.tenant.id } }), expect: { kind: "rejected" } }],
  },
  "POST /api/v1/billing/portal": { own: own({ path: "/api/v1/billing/portal" }), crossTenant: [] },

  "GET /api/v1/me": { own: own({ path: "/api/v1/me" }), crossTenant: [] },

  // The team. Own cases act on fresh viewers and fresh viewer invitations, which admins (and admin
  // keys) may manage under lib/members/member-rules.ts, so the role map alone decides.
  "GET /api/v1/members": { own: own({ path: "/api/v1/members" }), crossTenant: [] },
  "PATCH /api/v1/members/{id}": {
    own: async (a) => {
      const id = await freshObjects.member(a.tenant.id);
      return { path: `/api/v1/members/${id}`, params: { id }, json: { role: "analyst" } };
    },
    crossTenant: [
      { name: "B's owner in the path", request: (_a, b) => ({ path: `/api/v1/members/${b.users.owner.id}`, params: { id: b.users.owner.id }, json: { role: "viewer" } }), expect: notFound() },
      { name: "B's viewer in the path", request: (_a, b) => ({ path: `/api/v1/members/${b.users.viewer.id}`, params: { id: b.users.viewer.id }, json: { role: "admin" } }), expect: notFound() },
    ],
  },
  "DELETE /api/v1/members/{id}": {
    own: async (a) => {
      const id = await freshObjects.member(a.tenant.id);
      return { path: `/api/v1/members/${id}`, params: { id } };
    },
    crossTenant: [pathIdAttack("/api/v1/members", (b) => b.users.viewer.id)],
  },
  "GET /api/v1/invitations": { own: own({ path: "/api/v1/invitations" }), crossTenant: [] },
  "POST /api/v1/invitations": {
    own: () => Promise.resolve({ path: "/api/v1/invitations", json: { email: `matrix-${randomBytes(5).toString("hex")}@example.test`, role: "viewer" } }),
    crossTenant: [{
      name: "B's tenantId in the body",
      request: (_a, b) => ({ path: "/api/v1/invitations", json: { email: `planted-${randomBytes(5).toString("hex")}@example.test`, role: "viewer", tenantId: b.tenant.id } }),
      expect: { kind: "rejected" },
    }],
  },
  "DELETE /api/v1/invitations/{id}": {
    own: async (a) => {
      const id = await freshObjects.invitation(a.tenant.id);
      return { path: `/api/v1/invitations/${id}`, params: { id } };
    },
    crossTenant: [pathIdAttack("/api/v1/invitations", (b) => b.extra.invitationId!)],
  },
  "POST /api/v1/invitations/{id}/resend": {
    own: async (a) => {
      const id = await freshObjects.invitation(a.tenant.id);
      return { path: `/api/v1/invitations/${id}/resend`, params: { id } };
    },
    crossTenant: [{
      name: "B's id in the path",
      request: (_a, b) => ({ path: `/api/v1/invitations/${b.extra.invitationId}/resend`, params: { id: b.extra.invitationId! } }),
      expect: notFound(),
    }],
  },
};
