import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAudit } from "@/app/api/v1/audit-logs/route";
import { GET as me } from "@/app/api/v1/me/route";
import { GET as listMembers } from "@/app/api/v1/members/route";
import { DELETE as removeMember, PATCH as patchMember } from "@/app/api/v1/members/[id]/route";
import { POST as createKey } from "@/app/api/v1/api-keys/route";
import { maskOf, ROLE_BITS, type Role } from "@/lib/auth/roles";
import { createTestTenant, createTestUser, type TestTenant, type TestUser } from "../helpers/factories";
import { ownerQuery } from "../helpers/owner-sql";
import { call, mintSessionToken, tenantRequest } from "../helpers/requests";

// Members: list, change roles, remove. The rules: the last owner can be neither demoted nor removed
// (also under concurrency), nobody raises their own role, only owners touch the owner role, a removed
// member's session stops at once, every change is audited, and another tenant's members are 404.

type RequestOptions = NonNullable<Parameters<typeof tenantRequest>[2]>;
interface ErrorBody { error: { code: string; message: string; details?: { field?: string; message: string }[] } }
interface MemberBody { id: string; email: string; role: string; roles: string[]; createdAt: string }
interface AuditEvent { action: string; actor: { type: string; id: string }; targets: { type: string; id: string }[]; changes: Record<string, unknown> | null; metadata: Record<string, unknown> | null }

interface Workspace {
  tenant: TestTenant;
  owner: TestUser;
}

async function newWorkspace(): Promise<Workspace> {
  const tenant = await createTestTenant("Members Agency", { plan: "agency" });
  return { tenant, owner: await createTestUser(tenant.id) };
}

async function sessionOf(user: TestUser): Promise<string> {
  return mintSessionToken(user);
}

async function setRole(ws: Workspace, actor: TestUser, target: string, role: Role | string, options: RequestOptions = {}) {
  return call<MemberBody & ErrorBody>(
    patchMember,
    tenantRequest(ws.tenant.subdomain, `/api/v1/members/${target}`, { method: "PATCH", sessionToken: await sessionOf(actor), json: { role }, ...options }),
    { id: target },
  );
}

async function remove(ws: Workspace, actor: TestUser, target: string, options: RequestOptions = {}) {
  return call<MemberBody & ErrorBody>(
    removeMember,
    tenantRequest(ws.tenant.subdomain, `/api/v1/members/${target}`, { method: "DELETE", sessionToken: await sessionOf(actor), ...options }),
    { id: target },
  );
}

async function maskIn(tenantId: string, userId: string): Promise<number | null> {
  const rows = await ownerQuery<{ role_mask: number }>("SELECT role_mask FROM users WHERE tenant_id = $1 AND id = $2", [tenantId, userId]);
  return rows[0]?.role_mask ?? null;
}

async function ownerCount(tenantId: string): Promise<number> {
  const rows = await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND role_mask & 1 <> 0", [tenantId]);
  return rows[0]!.n;
}

async function auditEvents(ws: Workspace, query: string): Promise<AuditEvent[]> {
  const log = await call<{ data: AuditEvent[] }>(listAudit, tenantRequest(ws.tenant.subdomain, `/api/v1/audit-logs${query}`, { sessionToken: await sessionOf(ws.owner) }));
  expect(log.status).toBe(200);
  return log.body.data;
}

let a: Workspace;
let b: Workspace;

beforeAll(async () => {
  [a, b] = await Promise.all([newWorkspace(), newWorkspace()]);
});

describe("listing members", () => {
  it("shows owners and admins every member with their roles, never a password hash", async () => {
    const analyst = await createTestUser(a.tenant.id, maskOf("analyst"));
    const admin = await createTestUser(a.tenant.id, maskOf("admin"));
    for (const user of [a.owner, admin]) {
      const result = await call<{ data: MemberBody[] }>(listMembers, tenantRequest(a.tenant.subdomain, "/api/v1/members", { sessionToken: await sessionOf(user) }));
      expect(result.status).toBe(200);
      expect(result.body.data).toContainEqual(expect.objectContaining({ id: analyst.id, email: analyst.email, role: "analyst", roles: ["analyst"] }));
      expect(result.body.data[0]).toMatchObject({ id: a.owner.id, role: "owner" });
      expect(JSON.stringify(result.body)).not.toMatch(/argon2|passwordHash|password_hash/);
    }
  });

  it("is refused to other roles (403) and without credentials (401); never lists another workspace's members", async () => {
    const viewer = await createTestUser(a.tenant.id, maskOf("viewer"));
    const forbidden = await call<ErrorBody>(listMembers, tenantRequest(a.tenant.subdomain, "/api/v1/members", { sessionToken: await sessionOf(viewer) }));
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, "forbidden"]);
    expect((await call(listMembers, tenantRequest(a.tenant.subdomain, "/api/v1/members"))).status).toBe(401);
    const list = await call(listMembers, tenantRequest(a.tenant.subdomain, "/api/v1/members", { sessionToken: await sessionOf(a.owner) }));
    expect(JSON.stringify(list.body)).not.toContain(b.owner.id);
  });
});

describe("changing roles", () => {
  it("lets an owner change a member's role; the member's next request carries it; audited with before and after", async () => {
    const member = await createTestUser(a.tenant.id, maskOf("viewer"));
    const result = await setRole(a, a.owner, member.id, "analyst");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: member.id, role: "analyst", roles: ["analyst"] });
    expect(await maskIn(a.tenant.id, member.id)).toBe(ROLE_BITS.analyst);
    // The member's session was minted as a viewer; roles are re-read on every request.
    const seen = await call<{ principal: { roles: string[] } }>(me, tenantRequest(a.tenant.subdomain, "/api/v1/me", { sessionToken: await mintSessionToken(member) }));
    expect(seen.body.principal.roles).toEqual(["analyst"]);

    const [event] = await auditEvents(a, `?action=member.role_changed&targetId=${member.id}`);
    expect(event).toMatchObject({
      actor: { type: "user", id: a.owner.id },
      targets: [{ type: "user", id: member.id }],
      changes: { roles: { before: ["viewer"], after: ["analyst"] } },
      metadata: { email: member.email },
    });
  });

  it("answers 200 without an audit event when the role is unchanged", async () => {
    const member = await createTestUser(a.tenant.id, maskOf("analyst"));
    expect((await setRole(a, a.owner, member.id, "analyst")).status).toBe(200);
    expect(await auditEvents(a, `?action=member.role_changed&targetId=${member.id}`)).toEqual([]);
  });

  it("lets admins manage non-owners, but not grant the owner role or change an owner", async () => {
    const admin = await createTestUser(a.tenant.id, maskOf("admin"));
    const member = await createTestUser(a.tenant.id, maskOf("viewer"));
    const coOwner = await createTestUser(a.tenant.id, maskOf("owner"));
    expect((await setRole(a, admin, member.id, "admin")).status).toBe(200);
    // Billing holds billing.write, which an admin does not: nobody grants more than they hold.
    const beyond = await setRole(a, admin, member.id, "billing");
    expect([beyond.status, beyond.body.error.message]).toEqual([403, "You cannot grant permissions your own role does not have."]);
    const grant = await setRole(a, admin, member.id, "owner");
    expect([grant.status, grant.body.error.code]).toEqual([403, "forbidden"]);
    const demote = await setRole(a, admin, coOwner.id, "viewer");
    expect([demote.status, demote.body.error.code]).toEqual([403, "forbidden"]);
    expect(await maskIn(a.tenant.id, member.id)).toBe(ROLE_BITS.admin);
    expect(await maskIn(a.tenant.id, coOwner.id)).toBe(ROLE_BITS.owner);
    // An owner may.
    expect((await setRole(a, a.owner, member.id, "owner")).status).toBe(200);
    expect((await setRole(a, a.owner, member.id, "viewer")).status).toBe(200);
  });

  it("refuses raising one's own role, allows lowering it", async () => {
    const admin = await createTestUser(a.tenant.id, maskOf("admin"));
    for (const role of ["owner", "billing"]) {
      const result = await setRole(a, admin, admin.id, role);
      expect([role, result.status, result.body.error.message]).toEqual([role, 403, "You cannot raise your own role."]);
    }
    expect(await maskIn(a.tenant.id, admin.id)).toBe(ROLE_BITS.admin);
    expect((await setRole(a, admin, admin.id, "viewer")).status).toBe(200);
    // Now a viewer: no longer allowed to manage the team at all.
    const back = await setRole(a, { ...admin, roleMask: ROLE_BITS.viewer }, admin.id, "admin");
    expect(back.status).toBe(403);
    expect(await maskIn(a.tenant.id, admin.id)).toBe(ROLE_BITS.viewer);
  });

  it("refuses demoting the last owner (409), allows it when another owner remains", async () => {
    const ws = await newWorkspace();
    const last = await setRole(ws, ws.owner, ws.owner.id, "admin");
    expect([last.status, last.body.error.code]).toEqual([409, "conflict"]);
    expect(last.body.error.message).toMatch(/needs an owner/);
    expect(await maskIn(ws.tenant.id, ws.owner.id)).toBe(ROLE_BITS.owner);
    const second = await createTestUser(ws.tenant.id, maskOf("owner"));
    expect((await setRole(ws, ws.owner, ws.owner.id, "admin")).status).toBe(200);
    expect(await ownerCount(ws.tenant.id)).toBe(1);
    const nowLast = await setRole(ws, second, second.id, "viewer");
    expect(nowLast.status).toBe(409);
  });

  it("keeps an owner when two owners demote each other at the same moment", async () => {
    for (let round = 0; round < 3; round += 1) {
      const ws = await newWorkspace();
      const other = await createTestUser(ws.tenant.id, maskOf("owner"));
      const results = await Promise.all([setRole(ws, ws.owner, other.id, "admin"), setRole(ws, other, ws.owner.id, "admin")]);
      // The second, re-read under the lock, is no longer an owner (403), or finds the last owner (409).
      expect(results.filter((result) => result.status === 200)).toHaveLength(1);
      expect(results.map((result) => result.status).sort()[1]).toBeOneOf([403, 409]);
      expect(await ownerCount(ws.tenant.id)).toBe(1);
    }
  });

  it("keeps an owner when two owners demote themselves at the same moment", async () => {
    const ws = await newWorkspace();
    const other = await createTestUser(ws.tenant.id, maskOf("owner"));
    const results = await Promise.all([setRole(ws, ws.owner, ws.owner.id, "viewer"), setRole(ws, other, other.id, "viewer")]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    expect(await ownerCount(ws.tenant.id)).toBe(1);
  });

  it("validates: unknown roles, unknown fields, malformed JSON, oversized bodies, malformed ids", async () => {
    const member = await createTestUser(a.tenant.id, maskOf("viewer"));
    const unknown = await setRole(a, a.owner, member.id, "superuser");
    expect([unknown.status, unknown.body.error.details?.[0]?.field]).toEqual([422, "role"]);
    expect((await setRole(a, a.owner, member.id, "viewer", { json: { role: "admin", roleMask: 1 } })).status).toBe(422);
    expect((await setRole(a, a.owner, member.id, "viewer", { json: { role: ["admin"] } })).status).toBe(422);
    const malformed = await setRole(a, a.owner, member.id, "viewer", { json: undefined, rawBody: "{\"role\":", headers: { "content-type": "application/json" } });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, "invalid_json"]);
    expect((await setRole(a, a.owner, member.id, "viewer", { json: { role: "admin", pad: "x".repeat(8_000) } })).status).toBe(413);
    expect((await setRole(a, a.owner, "not-a-uuid", "admin")).status).toBe(404);
    expect(await maskIn(a.tenant.id, member.id)).toBe(ROLE_BITS.viewer);
  });

  it("refuses a cookie write from another origin, and viewers (403)", async () => {
    const member = await createTestUser(a.tenant.id, maskOf("viewer"));
    expect((await setRole(a, a.owner, member.id, "admin", { origin: "http://evil.example" })).status).toBe(403);
    const viewer = await createTestUser(a.tenant.id, maskOf("viewer"));
    expect((await setRole(a, viewer, member.id, "admin")).status).toBe(403);
    expect((await remove(a, viewer, member.id)).status).toBe(403);
    expect(await maskIn(a.tenant.id, member.id)).toBe(ROLE_BITS.viewer);
  });
});

describe("removing members", () => {
  it("removes a member; their session stops working at once; audited", async () => {
    const member = await createTestUser(a.tenant.id, maskOf("analyst"));
    const session = await mintSessionToken(member);
    expect((await call(me, tenantRequest(a.tenant.subdomain, "/api/v1/me", { sessionToken: session }))).status).toBe(200);
    const result = await remove(a, a.owner, member.id);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: member.id, email: member.email });
    expect(await maskIn(a.tenant.id, member.id)).toBeNull();
    const after = await call<ErrorBody>(me, tenantRequest(a.tenant.subdomain, "/api/v1/me", { sessionToken: session }));
    expect([after.status, after.body.error.code]).toEqual([401, "unauthorized"]);
    const [event] = await auditEvents(a, `?action=member.removed&targetId=${member.id}`);
    expect(event).toMatchObject({ actor: { id: a.owner.id }, targets: [{ type: "user", id: member.id }], metadata: { email: member.email, roles: ["analyst"] } });
    expect((await remove(a, a.owner, member.id)).status).toBe(404);
  });

  it("keeps the API keys a removed member created, without their name", async () => {
    const admin = await createTestUser(a.tenant.id, maskOf("admin"));
    const key = await call<{ id: string }>(createKey, tenantRequest(a.tenant.subdomain, "/api/v1/api-keys", { sessionToken: await sessionOf(admin), json: { name: "CI" } }));
    expect(key.status).toBe(201);
    expect((await remove(a, a.owner, admin.id)).status).toBe(200);
    const [row] = await ownerQuery<{ created_by: string | null; revoked_at: Date | null }>("SELECT created_by, revoked_at FROM api_keys WHERE tenant_id = $1 AND id = $2", [a.tenant.id, key.body.id]);
    expect(row).toEqual({ created_by: null, revoked_at: null });
  });

  it("refuses removing yourself (403) and the last owner (409)", async () => {
    const ws = await newWorkspace();
    const admin = await createTestUser(ws.tenant.id, maskOf("admin"));
    const self = await remove(ws, admin, admin.id);
    expect([self.status, self.body.error.code]).toEqual([403, "forbidden"]);
    const last = await remove(ws, ws.owner, ws.owner.id);
    expect([last.status, last.body.error.code]).toEqual([409, "conflict"]);
    expect(await maskIn(ws.tenant.id, admin.id)).toBe(ROLE_BITS.admin);
    expect(await maskIn(ws.tenant.id, ws.owner.id)).toBe(ROLE_BITS.owner);
  });

  it("leaves removing owners to owners", async () => {
    const ws = await newWorkspace();
    const [admin, coOwner] = await Promise.all([createTestUser(ws.tenant.id, maskOf("admin")), createTestUser(ws.tenant.id, maskOf("owner"))]);
    const byAdmin = await remove(ws, admin, coOwner.id);
    expect([byAdmin.status, byAdmin.body.error.code]).toEqual([403, "forbidden"]);
    expect((await remove(ws, ws.owner, coOwner.id)).status).toBe(200);
    expect((await remove(ws, ws.owner, admin.id)).status).toBe(200);
  });

  it("keeps an owner when two owners remove each other at the same moment", async () => {
    const ws = await newWorkspace();
    const other = await createTestUser(ws.tenant.id, maskOf("owner"));
    const results = await Promise.all([remove(ws, ws.owner, other.id), remove(ws, other, ws.owner.id)]);
    // The second finds its own account gone (401) or the other owner already the last one.
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    expect(await ownerCount(ws.tenant.id)).toBe(1);
  });
});

describe("another workspace's members", () => {
  it("are 404 to change or remove, and stay as they were", async () => {
    const memberOfB = await createTestUser(b.tenant.id, maskOf("viewer"));
    const patched = await setRole(a, a.owner, memberOfB.id, "owner");
    expect([patched.status, patched.body.error.code]).toEqual([404, "not_found"]);
    const removed = await remove(a, a.owner, memberOfB.id);
    expect([removed.status, removed.body.error.code]).toEqual([404, "not_found"]);
    expect((await remove(a, a.owner, b.owner.id)).status).toBe(404);
    expect(await maskIn(b.tenant.id, memberOfB.id)).toBe(ROLE_BITS.viewer);
    expect(await maskIn(b.tenant.id, b.owner.id)).toBe(ROLE_BITS.owner);
    expect(await auditEvents(a, `?targetId=${memberOfB.id}`)).toEqual([]);
  });

  it("cannot be reached with a session of workspace A on B's host", async () => {
    const memberOfB = await createTestUser(b.tenant.id, maskOf("viewer"));
    const result = await call(patchMember, tenantRequest(b.tenant.subdomain, `/api/v1/members/${memberOfB.id}`, { method: "PATCH", sessionToken: await sessionOf(a.owner), json: { role: "admin" } }), { id: memberOfB.id });
    expect(result.status).toBe(401);
    expect(await maskIn(b.tenant.id, memberOfB.id)).toBe(ROLE_BITS.viewer);
  });
});
