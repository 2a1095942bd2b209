import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAudit } from "@/app/api/v1/audit-logs/route";
import { GET as listInvitations, POST as invite } from "@/app/api/v1/invitations/route";
import { DELETE as revoke } from "@/app/api/v1/invitations/[id]/route";
import { POST as resend } from "@/app/api/v1/invitations/[id]/resend/route";
import { POST as accept } from "@/app/api/v1/invitations/accept/route";
import { GET as listMembers } from "@/app/api/v1/members/route";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import { maskOf, ROLE_BITS } from "@/lib/auth/roles";
import { hashInvitationToken } from "@/lib/invitations";
import { listOutboxMessages } from "@/lib/mail";
import type { PlanTier } from "@/lib/plans/plans";
import { getTenantBySubdomain } from "@/lib/tenants";
import { createTestTenant, createTestUser, type TestTenant, type TestUser } from "../helpers/factories";
import { ownerQuery } from "../helpers/owner-sql";
import { call, mintSessionToken, randomIp, ROOT, rootRequest, tenantRequest } from "../helpers/requests";

// Invitations: invite by email, the link in the (development) outbox, accept on the workspace's own
// host, resend, revoke, expiry, plan limits, roles and tenant isolation.

type Handler = Parameters<typeof call>[0];
type RequestOptions = NonNullable<Parameters<typeof tenantRequest>[2]>;

interface ErrorBody { error: { code: string; message: string; details?: { field?: string; message: string }[] } }
interface InvitationBody { id: string; email: string; role: string; status: string; sendCount: number; expiresAt: string; emailSent: boolean }
interface AuditEvent { action: string; actor: { type: string; id: string; label: string }; targets: { type: string; id: string }[]; metadata: Record<string, unknown> | null }

interface Workspace {
  tenant: TestTenant;
  owner: TestUser;
  session: string;
}

const PASSWORD = "a long invitee password";

async function newWorkspace(plan: PlanTier = "agency"): Promise<Workspace> {
  const tenant = await createTestTenant("Invite Agency", { plan });
  const owner = await createTestUser(tenant.id);
  return { tenant, owner, session: await mintSessionToken(owner) };
}

let emailCounter = 0;
function uniqueEmail(): string {
  emailCounter += 1;
  return `invitee-${Date.now().toString(36)}-${emailCounter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

function send<T = Record<string, unknown>>(ws: Workspace, handler: Handler, path: string, options: RequestOptions = {}, params: Record<string, string> = {}) {
  return call<T>(handler, tenantRequest(ws.tenant.subdomain, path, { sessionToken: ws.session, ...options }), params);
}

async function inviteAs(ws: Workspace, email: string, role = "analyst", session = ws.session) {
  return call<InvitationBody & ErrorBody>(invite, tenantRequest(ws.tenant.subdomain, "/api/v1/invitations", { sessionToken: session, json: { email, role } }));
}

async function invited(ws: Workspace, role = "analyst"): Promise<{ email: string; invitation: InvitationBody; token: string }> {
  const email = uniqueEmail();
  const result = await inviteAs(ws, email, role);
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return { email, invitation: result.body, token: await latestToken(email) };
}

/** The token of the newest invitation email to the address, read from the outbox like a person would. */
async function latestToken(email: string): Promise<string> {
  const [message] = await listOutboxMessages({ to: email, limit: 1 });
  expect(message, `no email to ${email}`).toBeDefined();
  const match = /\/invite\?token=(\S+)/.exec(message!.text);
  return decodeURIComponent(match![1]!);
}

function acceptOn(subdomain: string, body: unknown, options: RequestOptions = {}) {
  return call<{ user: { id: string; email: string; roles: string[] } } & ErrorBody>(
    accept,
    tenantRequest(subdomain, "/api/v1/invitations/accept", { json: body, ...options }),
  );
}

async function auditActions(ws: Workspace, query: string): Promise<AuditEvent[]> {
  const log = await send<{ data: AuditEvent[] }>(ws, listAudit, `/api/v1/audit-logs${query}`);
  expect(log.status).toBe(200);
  return log.body.data;
}

async function userCount(tenantId: string, email?: string): Promise<number> {
  const rows = email
    ? await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND lower(email) = lower($2)", [tenantId, email])
    : await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE tenant_id = $1", [tenantId]);
  return rows[0]!.n;
}

let a: Workspace;
let b: Workspace;

beforeAll(async () => {
  [a, b] = await Promise.all([newWorkspace(), newWorkspace()]);
});

describe("inviting", () => {
  it("answers 201 and emails a link to the workspace's accept page; only the token's hash is stored", async () => {
    const email = uniqueEmail();
    const result = await inviteAs(a, email.toUpperCase(), "analyst");
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ email, role: "analyst", status: "pending", sendCount: 1, emailSent: true });
    const expiresInDays = (new Date(result.body.expiresAt).getTime() - Date.now()) / (24 * 3600 * 1000);
    expect(expiresInDays).toBeGreaterThan(6.99);
    expect(expiresInDays).toBeLessThanOrEqual(7);

    const [message] = await listOutboxMessages({ to: email, limit: 1 });
    expect(message!.subject).toBe("Join Invite Agency on ROI Spectrum");
    expect(message!.text).toContain(`${a.owner.email} invited you to join Invite Agency on ROI Spectrum as analyst.`);
    expect(message!.text).toContain(`http://${a.tenant.subdomain}.${ROOT}/invite?token=`);
    const token = await latestToken(email);
    expect(JSON.stringify(result.body)).not.toContain(token);

    const [row] = await ownerQuery<Record<string, unknown>>("SELECT * FROM invitations WHERE tenant_id = $1 AND id = $2", [a.tenant.id, result.body.id]);
    expect(row!.token_hash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(row)).not.toContain(token.split(".")[3]);
    expect(row).toMatchObject({ email, role_mask: ROLE_BITS.analyst, invited_by: a.owner.id, send_count: 1, accepted_at: null, revoked_at: null });

    const [event] = await auditActions(a, `?action=invitation.created&targetId=${result.body.id}`);
    expect(event).toMatchObject({
      actor: { type: "user", id: a.owner.id },
      targets: [{ type: "invitation", id: result.body.id }],
      metadata: { email, role: "analyst", emailSent: true },
    });
    expect(JSON.stringify(event)).not.toContain(token);
  });

  it("lists open invitations to owners and admins, without token hashes", async () => {
    const { invitation } = await invited(a, "viewer");
    const list = await send<{ data: Record<string, unknown>[] }>(a, listInvitations, "/api/v1/invitations");
    expect(list.status).toBe(200);
    expect(list.body.data.find((item) => item.id === invitation.id)).toMatchObject({ email: invitation.email, role: "viewer", status: "pending" });
    expect(JSON.stringify(list.body)).not.toMatch(/token/i);
    const admin = await createTestUser(a.tenant.id, maskOf("admin"));
    const asAdmin = await call(listInvitations, tenantRequest(a.tenant.subdomain, "/api/v1/invitations", { sessionToken: await mintSessionToken(admin) }));
    expect(asAdmin.status).toBe(200);
  });

  it("refuses an address that is already a member, or already has an open invitation (409)", async () => {
    expect((await inviteAs(a, a.owner.email.toUpperCase())).body.error.code).toBe("conflict");
    const { email } = await invited(a);
    const again = await inviteAs(a, email, "viewer");
    expect([again.status, again.body.error.code]).toEqual([409, "conflict"]);
    expect(again.body.error.message).toMatch(/Resend/);
  });

  it("replaces an expired open invitation to the same address with a new one", async () => {
    const { email, invitation, token } = await invited(a);
    await ownerQuery("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    const again = await inviteAs(a, email, "viewer");
    expect(again.status).toBe(201);
    const [old] = await ownerQuery<{ revoked_at: Date | null }>("SELECT revoked_at FROM invitations WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    expect(old!.revoked_at).not.toBeNull();
    expect((await acceptOn(a.tenant.subdomain, { token, password: PASSWORD })).status).toBe(410);
    const fresh = await acceptOn(a.tenant.subdomain, { token: await latestToken(email), password: PASSWORD });
    expect([fresh.status, fresh.body.user?.roles]).toEqual([201, ["viewer"]]);
  });

  it("lets only owners invite owners; admins invite everyone else; viewers and analysts cannot invite", async () => {
    const [admin, viewer, analyst] = await Promise.all([
      createTestUser(a.tenant.id, maskOf("admin")),
      createTestUser(a.tenant.id, maskOf("viewer")),
      createTestUser(a.tenant.id, maskOf("analyst")),
    ]);
    const adminSession = await mintSessionToken(admin);
    const asAdminOwner = await inviteAs(a, uniqueEmail(), "owner", adminSession);
    expect([asAdminOwner.status, asAdminOwner.body.error.code]).toEqual([403, "forbidden"]);
    expect((await inviteAs(a, uniqueEmail(), "admin", adminSession)).status).toBe(201);
    expect((await inviteAs(a, uniqueEmail(), "owner")).status).toBe(201);
    for (const user of [viewer, analyst]) {
      const result = await inviteAs(a, uniqueEmail(), "viewer", await mintSessionToken(user));
      expect([result.status, result.body.error.code]).toEqual([403, "forbidden"]);
    }
    const list = await call<ErrorBody>(listInvitations, tenantRequest(a.tenant.subdomain, "/api/v1/invitations", { sessionToken: await mintSessionToken(viewer) }));
    expect(list.status).toBe(403);
  });

  it("answers 401 without credentials, and refuses a cookie write from another origin", async () => {
    const anonymous = await call<ErrorBody>(invite, tenantRequest(a.tenant.subdomain, "/api/v1/invitations", { json: { email: uniqueEmail(), role: "viewer" } }));
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, "unauthorized"]);
    const crossSite = await call(invite, tenantRequest(a.tenant.subdomain, "/api/v1/invitations", { sessionToken: a.session, origin: "http://evil.example", json: { email: uniqueEmail(), role: "viewer" } }));
    expect(crossSite.status).toBe(403);
    expect((await call(listInvitations, tenantRequest(a.tenant.subdomain, "/api/v1/invitations"))).status).toBe(401);
  });

  it("rejects bad input without storing anything: role, email, unknown fields, malformed JSON, oversized body", async () => {
    const count = async () => (await ownerQuery<{ n: number }>("SELECT count(*)::int AS n FROM invitations WHERE tenant_id = $1", [a.tenant.id]))[0]!.n;
    const before = await count();
    const post = (options: RequestOptions) => send<ErrorBody>(a, invite, "/api/v1/invitations", options);
    const role = await post({ json: { email: uniqueEmail(), role: "superuser" } });
    expect([role.status, role.body.error.details?.[0]?.field]).toEqual([422, "role"]);
    const email = await post({ json: { email: "not-an-email", role: "viewer" } });
    expect([email.status, email.body.error.details?.[0]?.field]).toEqual([422, "email"]);
    expect((await post({ json: { email: uniqueEmail(), role: "viewer", tenantId: b.tenant.id } })).status).toBe(422);
    expect((await post({ json: { email: { $ne: null }, role: "viewer" } })).status).toBe(422);
    expect((await post({ json: [] })).status).toBe(422);
    const malformed = await post({ rawBody: "{\"email\":", headers: { "content-type": "application/json" } });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, "invalid_json"]);
    expect((await post({ json: { email: uniqueEmail(), role: "viewer", pad: "x".repeat(10_000) } })).status).toBe(413);
    expect((await post({ rawBody: "email=x", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(415);
    expect(await count()).toBe(before);
  });
});

describe("accepting", () => {
  it("creates the user in that workspace only, with the invited address and role, who can then sign in", async () => {
    const { email, invitation, token } = await invited(a, "billing");
    const result = await acceptOn(a.tenant.subdomain, { token, password: PASSWORD });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body.user).toMatchObject({ email, roles: ["billing"] });
    expect(JSON.stringify(result.body)).not.toContain(PASSWORD);

    const [user] = await ownerQuery<{ id: string; role_mask: number; password_hash: string }>(
      "SELECT id, role_mask, password_hash FROM users WHERE tenant_id = $1 AND email = $2", [a.tenant.id, email]);
    expect(user).toMatchObject({ id: result.body.user.id, role_mask: ROLE_BITS.billing });
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await userCount(b.tenant.id, email)).toBe(0);
    const [row] = await ownerQuery<{ accepted_at: Date | null; accepted_user_id: string | null }>(
      "SELECT accepted_at, accepted_user_id FROM invitations WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    expect(row!.accepted_at).not.toBeNull();
    expect(row!.accepted_user_id).toBe(user!.id);

    const tenant = (await getTenantBySubdomain(a.tenant.subdomain))!;
    const principal = await authenticateUser(tenant, { email, password: PASSWORD }, randomIp());
    expect(principal).toMatchObject({ userId: user!.id, roleMask: ROLE_BITS.billing });
    const members = await send<{ data: { email: string; role: string }[] }>(a, listMembers, "/api/v1/members");
    expect(members.body.data).toContainEqual(expect.objectContaining({ email, role: "billing" }));
    const open = await send<{ data: { id: string }[] }>(a, listInvitations, "/api/v1/invitations");
    expect(open.body.data.map((item) => item.id)).not.toContain(invitation.id);

    const [event] = await auditActions(a, `?action=invitation.accepted&targetId=${invitation.id}`);
    expect(event).toMatchObject({ actor: { type: "user", id: user!.id, label: email }, metadata: { email, roles: ["billing"], invitedBy: a.owner.id } });
  });

  it("is single use: a second acceptance is 410 and creates nobody", async () => {
    const { email, token } = await invited(a);
    expect((await acceptOn(a.tenant.subdomain, { token, password: PASSWORD })).status).toBe(201);
    const again = await acceptOn(a.tenant.subdomain, { token, password: "another long password" });
    expect([again.status, again.body.error.code]).toEqual([410, "gone"]);
    expect(again.body.error.message).toMatch(/already been accepted/);
    expect(await userCount(a.tenant.id, email)).toBe(1);
  });

  it("lets exactly one of two concurrent acceptances of one link create the user", async () => {
    const { email, token } = await invited(a);
    const results = await Promise.all([
      acceptOn(a.tenant.subdomain, { token, password: PASSWORD }),
      acceptOn(a.tenant.subdomain, { token, password: "the other long password" }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 410]);
    expect(await userCount(a.tenant.id, email)).toBe(1);
  });

  it("answers 410 for an expired invitation and creates nobody", async () => {
    const { email, invitation, token } = await invited(a);
    await ownerQuery("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    const result = await acceptOn(a.tenant.subdomain, { token, password: PASSWORD });
    expect([result.status, result.body.error.code]).toEqual([410, "gone"]);
    expect(result.body.error.message).toMatch(/expired/);
    expect(await userCount(a.tenant.id, email)).toBe(0);
    const list = await send<{ data: { id: string; status: string }[] }>(a, listInvitations, "/api/v1/invitations");
    expect(list.body.data.find((item) => item.id === invitation.id)?.status).toBe("expired");
  });

  it("answers 404 for a link of workspace A on workspace B's host, and creates nothing in either", async () => {
    const { email, invitation, token } = await invited(a);
    const result = await acceptOn(b.tenant.subdomain, { token, password: PASSWORD });
    expect([result.status, result.body.error.code]).toEqual([404, "not_found"]);
    expect(await userCount(a.tenant.id, email)).toBe(0);
    expect(await userCount(b.tenant.id, email)).toBe(0);
    const [row] = await ownerQuery<{ accepted_at: Date | null }>("SELECT accepted_at FROM invitations WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    expect(row!.accepted_at).toBeNull();
    // Still good where it belongs.
    expect((await acceptOn(a.tenant.subdomain, { token, password: PASSWORD })).status).toBe(201);
  });

  it("answers 404 on the marketing host, an unknown workspace, or when the tenant header disagrees with the Host", async () => {
    const { token } = await invited(a);
    const onRoot = await call(accept, rootRequest("/api/v1/invitations/accept", { json: { token, password: PASSWORD } }));
    expect(onRoot.status).toBe(404);
    expect((await acceptOn("no-such-workspace-here", { token, password: PASSWORD })).status).toBe(404);
    const spoofed = await acceptOn(b.tenant.subdomain, { token, password: PASSWORD }, { headers: { "x-tenant-subdomain": a.tenant.subdomain } });
    expect(spoofed.status).toBe(404);
  });

  it("answers 404 for forged, tampered or malformed tokens", async () => {
    const { token } = await invited(a);
    const [id, expiry, nonce, mac] = token.split(".");
    const forged = [
      [id, String(Number(expiry) + 86_400), nonce, mac].join("."),
      [id, expiry, nonce, `${mac!.slice(0, -2)}${mac!.endsWith("AA") ? "BA" : "AA"}`].join("."),
      [crypto.randomUUID(), expiry, nonce, mac].join("."),
      "not-a-token",
    ];
    for (const candidate of forged) {
      const result = await acceptOn(a.tenant.subdomain, { token: candidate, password: PASSWORD });
      expect([candidate, result.status]).toEqual([candidate, 404]);
    }
  });

  it("validates the body: a short password, unknown fields, malformed JSON, oversized bodies", async () => {
    const { email, token } = await invited(a);
    const short = await acceptOn(a.tenant.subdomain, { token, password: "short" });
    expect([short.status, short.body.error.details?.[0]?.field]).toEqual([422, "password"]);
    expect((await acceptOn(a.tenant.subdomain, { token, password: PASSWORD, role: "owner" })).status).toBe(422);
    expect((await acceptOn(a.tenant.subdomain, { token, password: PASSWORD, email: "someone@else.test" })).status).toBe(422);
    expect((await acceptOn(a.tenant.subdomain, { password: PASSWORD })).status).toBe(422);
    expect((await acceptOn(a.tenant.subdomain, undefined, { rawBody: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await acceptOn(a.tenant.subdomain, { token, password: "x".repeat(8_000) })).status).toBe(413);
    expect(await userCount(a.tenant.id, email)).toBe(0);
    expect((await acceptOn(a.tenant.subdomain, { token, password: PASSWORD })).status).toBe(201);
  });

  it("is rate-limited per client address (429 with Retry-After)", async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const result = await acceptOn(a.tenant.subdomain, { token: "not-a-token", password: PASSWORD }, { headers: { "x-forwarded-for": ip } });
      statuses.push(result.status);
      if (result.status === 429) expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(statuses[10]).toBe(429);
    // Another address is not affected.
    expect((await acceptOn(a.tenant.subdomain, { token: "not-a-token", password: PASSWORD })).status).toBe(404);
  });
});

describe("resending and revoking", () => {
  it("resend rotates the link: the old one stops working (410), the new one works, expiry moves on; audited", async () => {
    const { email, invitation, token } = await invited(a, "viewer");
    const early = await send<ErrorBody>(a, resend, `/api/v1/invitations/${invitation.id}/resend`, { method: "POST" }, { id: invitation.id });
    expect([early.status, early.body.error.code]).toEqual([429, "rate_limited"]);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(0);

    await ownerQuery("UPDATE invitations SET last_sent_at = now() - interval '2 days', expires_at = now() + interval '5 days' WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    const result = await send<InvitationBody>(a, resend, `/api/v1/invitations/${invitation.id}/resend`, { method: "POST" }, { id: invitation.id });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: invitation.id, status: "pending", sendCount: 2, emailSent: true });
    expect(new Date(result.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);

    const newToken = await latestToken(email);
    expect(newToken).not.toBe(token);
    const old = await acceptOn(a.tenant.subdomain, { token, password: PASSWORD });
    expect([old.status, old.body.error.code]).toEqual([410, "gone"]);
    expect(old.body.error.message).toMatch(/replaced/);
    expect((await acceptOn(a.tenant.subdomain, { token: newToken, password: PASSWORD })).status).toBe(201);

    const [event] = await auditActions(a, `?action=invitation.resent&targetId=${invitation.id}`);
    expect(event).toMatchObject({ actor: { id: a.owner.id }, metadata: { email, sendCount: 2, emailSent: true } });
  });

  it("resend revives an expired invitation", async () => {
    const { email, invitation } = await invited(a);
    await ownerQuery("UPDATE invitations SET last_sent_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    const result = await send<InvitationBody>(a, resend, `/api/v1/invitations/${invitation.id}/resend`, { method: "POST" }, { id: invitation.id });
    expect([result.status, result.body.status]).toEqual([200, "pending"]);
    expect((await acceptOn(a.tenant.subdomain, { token: await latestToken(email), password: PASSWORD })).status).toBe(201);
  });

  it("revoke makes the link dead (410); repeating it is harmless; an accepted invitation cannot be revoked or resent (409)", async () => {
    const { email, invitation, token } = await invited(a);
    const revoked = await send<InvitationBody>(a, revoke, `/api/v1/invitations/${invitation.id}`, { method: "DELETE" }, { id: invitation.id });
    expect([revoked.status, revoked.body.status]).toEqual([200, "revoked"]);
    expect((await send(a, revoke, `/api/v1/invitations/${invitation.id}`, { method: "DELETE" }, { id: invitation.id })).status).toBe(200);
    const dead = await acceptOn(a.tenant.subdomain, { token, password: PASSWORD });
    expect([dead.status, dead.body.error.message]).toEqual([410, expect.stringMatching(/withdrawn/)]);
    expect(await userCount(a.tenant.id, email)).toBe(0);
    await ownerQuery("UPDATE invitations SET last_sent_at = now() - interval '2 days' WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    expect((await send(a, resend, `/api/v1/invitations/${invitation.id}/resend`, { method: "POST" }, { id: invitation.id })).status).toBe(409);
    expect(await auditActions(a, `?action=invitation.revoked&targetId=${invitation.id}`)).toHaveLength(1);

    const other = await invited(a);
    expect((await acceptOn(a.tenant.subdomain, { token: other.token, password: PASSWORD })).status).toBe(201);
    const late = await send<ErrorBody>(a, revoke, `/api/v1/invitations/${other.invitation.id}`, { method: "DELETE" }, { id: other.invitation.id });
    expect([late.status, late.body.error.code]).toEqual([409, "conflict"]);
  });

  it("leaves owner invitations to owners: an admin can neither resend nor revoke one", async () => {
    const { invitation } = await invited(a, "owner");
    const adminSession = await mintSessionToken(await createTestUser(a.tenant.id, maskOf("admin")));
    const options = { sessionToken: adminSession };
    expect((await send(a, revoke, `/api/v1/invitations/${invitation.id}`, { method: "DELETE", ...options }, { id: invitation.id })).status).toBe(403);
    await ownerQuery("UPDATE invitations SET last_sent_at = now() - interval '2 days' WHERE tenant_id = $1 AND id = $2", [a.tenant.id, invitation.id]);
    expect((await send(a, resend, `/api/v1/invitations/${invitation.id}/resend`, { method: "POST", ...options }, { id: invitation.id })).status).toBe(403);
  });

  it("answers 404 for another workspace's invitation (or a malformed id) and leaves it untouched", async () => {
    const ofB = await invited(b);
    await ownerQuery("UPDATE invitations SET last_sent_at = now() - interval '2 days' WHERE tenant_id = $1 AND id = $2", [b.tenant.id, ofB.invitation.id]);
    const before = await ownerQuery("SELECT * FROM invitations WHERE tenant_id = $1 AND id = $2", [b.tenant.id, ofB.invitation.id]);
    for (const [handler, method, path] of [[revoke, "DELETE", ""], [resend, "POST", "/resend"]] as const) {
      const result = await send<ErrorBody>(a, handler, `/api/v1/invitations/${ofB.invitation.id}${path}`, { method }, { id: ofB.invitation.id });
      expect([result.status, result.body.error.code]).toEqual([404, "not_found"]);
      expect((await send(a, handler, `/api/v1/invitations/x${path}`, { method }, { id: "1 OR 1=1" })).status).toBe(404);
    }
    expect(await ownerQuery("SELECT * FROM invitations WHERE tenant_id = $1 AND id = $2", [b.tenant.id, ofB.invitation.id])).toEqual(before);
    const listA = await send(a, listInvitations, "/api/v1/invitations");
    expect(JSON.stringify(listA.body)).not.toContain(ofB.invitation.id);
    expect((await acceptOn(b.tenant.subdomain, { token: ofB.token, password: PASSWORD })).status).toBe(201);
  });
});

describe("the plan's user limit", () => {
  it("counts members and open invitations when inviting (403 plan_limit)", async () => {
    const free = await newWorkspace("free");
    const first = await inviteAs(free, uniqueEmail());
    expect(first.status).toBe(201);
    const second = await inviteAs(free, uniqueEmail());
    expect([second.status, second.body.error.code, second.body.error.details?.[0]?.field]).toEqual([403, "plan_limit", "users"]);
    // Revoking frees the seat.
    expect((await send(free, revoke, `/api/v1/invitations/${first.body.id}`, { method: "DELETE" }, { id: first.body.id })).status).toBe(200);
    expect((await inviteAs(free, uniqueEmail())).status).toBe(201);
  });

  it("is checked again on acceptance: a workspace that filled up meanwhile refuses, and the link stays usable", async () => {
    const free = await newWorkspace("free");
    const { email, invitation, token } = await invited(free);
    await createTestUser(free.tenant.id, maskOf("viewer"));
    const result = await acceptOn(free.tenant.subdomain, { token, password: PASSWORD });
    expect([result.status, result.body.error.code]).toEqual([403, "plan_limit"]);
    expect(await userCount(free.tenant.id, email)).toBe(0);
    const [row] = await ownerQuery<{ accepted_at: Date | null }>("SELECT accepted_at FROM invitations WHERE tenant_id = $1 AND id = $2", [free.tenant.id, invitation.id]);
    expect(row!.accepted_at).toBeNull();
  });

  it("lets concurrent invitations at the limit take turns: one passes", async () => {
    const free = await newWorkspace("free");
    const results = await Promise.all([inviteAs(free, uniqueEmail()), inviteAs(free, uniqueEmail()), inviteAs(free, uniqueEmail())]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 403, 403]);
  });
});
