// role_mask is a bit set. A user may hold several roles; permissions are the union of the roles'.

export const ROLE_BITS = {
  owner: 1 << 0,
  admin: 1 << 1,
  billing: 1 << 2,
  analyst: 1 << 3,
  viewer: 1 << 4,
} as const;

export type Role = keyof typeof ROLE_BITS;
export const ROLES = Object.keys(ROLE_BITS) as Role[];
export const ALL_ROLE_BITS = Object.values(ROLE_BITS).reduce((all, bit) => all | bit, 0);

/** Every permission in the product. A route names exactly one; a route naming none is unreachable. */
export const PERMISSIONS = [
  "workspace.read",
  "api_keys.read",
  "api_keys.write",
  // sites and everything under them: services, cost lines, deliverables
  "sites.read",
  "sites.write",
  "metrics.write",
  "reports.read",
  // the subscription: plan, invoices (read); checkout and the Stripe portal (write)
  "billing.read",
  "billing.write",
  // the audit log: list, export, verify (owner and admin only)
  "audit.read",
  // the team: members and invitations (list: read; invite, resend, revoke, change role, remove: write)
  "members.read",
  "members.write",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

// The single role -> permission map. Anything not listed is denied.
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: ["workspace.read", "api_keys.read", "api_keys.write", "sites.read", "sites.write", "metrics.write", "reports.read", "billing.read", "audit.read", "members.read", "members.write"],
  billing: ["workspace.read", "billing.read", "billing.write"],
  analyst: ["workspace.read", "sites.read", "sites.write", "metrics.write", "reports.read"],
  viewer: ["workspace.read", "sites.read", "reports.read"],
};

/** The roles named by a mask, most powerful first. */
export function rolesOf(roleMask: number): Role[] {
  return ROLES.filter((role) => (roleMask & ROLE_BITS[role]) !== 0);
}

/** True if any role in the mask grants the permission. */
export function hasPermission(roleMask: number, permission: Permission): boolean {
  return rolesOf(roleMask).some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/**
 * True if `granted` allows anything `granter` does not. Nobody hands out more than they hold: not to
 * themselves, a colleague, an invitation or an API key (an admin could otherwise invite a second
 * address of their own as billing and gain billing.write).
 */
export function grantsBeyond(granter: number, granted: number): boolean {
  const isOwner = (mask: number) => (mask & ROLE_BITS.owner) !== 0;
  if (isOwner(granted) && !isOwner(granter)) return true;
  return PERMISSIONS.some((permission) => hasPermission(granted, permission) && !hasPermission(granter, permission));
}

/** The highest role of a mask, for display. */
export function primaryRole(roleMask: number): Role | undefined {
  return rolesOf(roleMask)[0];
}

/** A mask made of role names. */
export function maskOf(...roles: Role[]): number {
  return roles.reduce((mask, role) => mask | ROLE_BITS[role], 0);
}
