import { describe, expect, it } from "vitest";
import { maskOf, ROLE_BITS } from "@/lib/auth/roles";
import { assignableRoles, invitationViolation, memberActions, raisesPrivilege, removalViolation, roleChangeViolation } from "@/lib/members/member-rules";

const owner = { userId: "owner-1", roleMask: ROLE_BITS.owner };
const admin = { userId: "admin-1", roleMask: ROLE_BITS.admin };
const adminKey = { userId: null, roleMask: ROLE_BITS.admin };
const member = (id: string, ...roles: Parameters<typeof maskOf>) => ({ id, roleMask: maskOf(...roles) });

describe("raisesPrivilege", () => {
  it("is true when the new role allows anything the old one did not", () => {
    expect(raisesPrivilege(maskOf("admin"), maskOf("owner"))).toBe(true);
    expect(raisesPrivilege(maskOf("viewer"), maskOf("analyst"))).toBe(true);
    // billing.write is not an admin's permission: admin -> billing is a different power, not less.
    expect(raisesPrivilege(maskOf("admin"), maskOf("billing"))).toBe(true);
  });

  it("is false for the same role or a lesser one", () => {
    expect(raisesPrivilege(maskOf("owner"), maskOf("admin"))).toBe(false);
    expect(raisesPrivilege(maskOf("admin"), maskOf("viewer"))).toBe(false);
    expect(raisesPrivilege(maskOf("analyst"), maskOf("analyst"))).toBe(false);
  });
});

describe("role changes", () => {
  it("refuse raising one's own role", () => {
    expect(roleChangeViolation(admin, member("admin-1", "admin"), ROLE_BITS.owner, 1)?.code).toBe("forbidden");
    expect(roleChangeViolation({ userId: "v", roleMask: ROLE_BITS.viewer }, member("v", "viewer"), ROLE_BITS.analyst, 1)?.message).toMatch(/own role/);
  });

  it("allow lowering one's own role, but never below the last owner", () => {
    expect(roleChangeViolation(admin, member("admin-1", "admin"), ROLE_BITS.viewer, 1)).toBeNull();
    expect(roleChangeViolation(owner, member("owner-1", "owner"), ROLE_BITS.admin, 1)?.code).toBe("conflict");
    expect(roleChangeViolation(owner, member("owner-1", "owner"), ROLE_BITS.admin, 2)).toBeNull();
  });

  it("leave the owner role to owners: granting it, taking it, changing an owner", () => {
    expect(roleChangeViolation(admin, member("x", "analyst"), ROLE_BITS.owner, 1)?.code).toBe("forbidden");
    expect(roleChangeViolation(admin, member("o2", "owner"), ROLE_BITS.viewer, 2)?.code).toBe("forbidden");
    expect(roleChangeViolation(adminKey, member("x", "viewer"), ROLE_BITS.owner, 1)?.code).toBe("forbidden");
    expect(roleChangeViolation(owner, member("x", "analyst"), ROLE_BITS.owner, 1)).toBeNull();
    expect(roleChangeViolation(owner, member("o2", "owner"), ROLE_BITS.viewer, 2)).toBeNull();
  });

  it("let admins manage everyone else, within the permissions they hold", () => {
    expect(roleChangeViolation(admin, member("x", "viewer"), ROLE_BITS.admin, 1)).toBeNull();
    expect(roleChangeViolation(adminKey, member("x", "admin"), ROLE_BITS.analyst, 1)).toBeNull();
    // billing.write is not an admin's: granting it is refused, to a member as to an invitation.
    expect(roleChangeViolation(adminKey, member("x", "admin"), ROLE_BITS.billing, 1)?.message).toBe("You cannot grant permissions your own role does not have.");
    expect(invitationViolation(admin, ROLE_BITS.billing)?.code).toBe("forbidden");
    expect(invitationViolation(owner, ROLE_BITS.billing)).toBeNull();
  });

  it("offer the role picker only what is allowed", () => {
    expect(assignableRoles(admin, member("x", "viewer"), 1)).toEqual(["admin", "analyst", "viewer"]);
    expect(assignableRoles(owner, member("owner-1", "owner"), 1)).toEqual(["owner"]);
    expect(assignableRoles({ userId: "v", roleMask: ROLE_BITS.viewer }, member("v", "viewer"), 1)).toEqual(["viewer"]);
  });
});

describe("removals and invitations", () => {
  it("keep the last owner and refuse self-removal", () => {
    expect(removalViolation(owner, member("owner-1", "owner"), 1)?.code).toBe("conflict");
    expect(removalViolation(admin, member("admin-1", "admin"), 1)?.code).toBe("forbidden");
  });

  it("leave owners to owners", () => {
    expect(removalViolation(admin, member("o2", "owner"), 2)?.code).toBe("forbidden");
    expect(removalViolation(owner, member("o2", "owner"), 2)).toBeNull();
    expect(removalViolation(admin, member("x", "analyst"), 1)).toBeNull();
  });

  it("let only owners invite owners", () => {
    expect(invitationViolation(admin, ROLE_BITS.owner)?.code).toBe("forbidden");
    expect(invitationViolation(owner, ROLE_BITS.owner)).toBeNull();
    expect(invitationViolation(admin, ROLE_BITS.admin)).toBeNull();
  });
});

describe("memberActions (what the team page offers)", () => {
  it("locks the last owner's role and removal, with the reason", () => {
    expect(memberActions(owner, member("owner-1", "owner"), 1)).toEqual({
      roleOptions: ["owner"],
      roleLockedReason: "A workspace needs an owner. Make another member an owner first.",
      removeBlockedReason: "A workspace needs an owner. Make another member an owner first.",
    });
  });

  it("tells an admin why an owner is out of reach", () => {
    const actions = memberActions(admin, member("o2", "owner"), 2);
    expect(actions.roleOptions).toEqual(["owner"]);
    expect(actions.roleLockedReason).toMatch(/Only an owner/);
    expect(actions.removeBlockedReason).toMatch(/Only an owner/);
  });

  it("offers everything allowed for an ordinary member", () => {
    expect(memberActions(owner, member("x", "viewer"), 1)).toEqual({ roleOptions: ["owner", "admin", "billing", "analyst", "viewer"], roleLockedReason: null, removeBlockedReason: null });
  });
});
