import { randomUUID } from "node:crypto";
import { isUniqueViolation, withTenantDb } from "@/lib/db";
import { AppError, fromZodError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { ROLE_BITS } from "@/lib/auth/roles";
import { isReservedSubdomain } from "@/lib/middleware/reserved-subdomains";
import { getRootDomain } from "@/lib/config";
import { signUpSchema } from "./sign-up-schema";
import { invalidateTenantCache } from "./get-tenant-by-subdomain";

export interface CreatedTenant {
  tenant: { id: string; name: string; subdomain: string; url: string };
  user: { id: string; email: string };
}

/** The workspace's base URL, e.g. http://acme.roispectrum.localhost:3000 */
export function tenantUrl(subdomain: string, protocol: "http" | "https"): string {
  return `${protocol}://${subdomain}.${getRootDomain()}`;
}

/** Sign-up: a tenant and its owner, created together or not at all. */
export async function createTenant(input: unknown, protocol: "http" | "https"): Promise<CreatedTenant> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { name, subdomain, email, password } = parsed.data;
  if (isReservedSubdomain(subdomain)) {
    throw new AppError("conflict", "That subdomain is reserved.", [{ field: "subdomain", message: "This subdomain is reserved." }]);
  }

  const passwordHash = await hashPassword(password);
  const tenantId = randomUUID();
  try {
    const user = await withTenantDb(tenantId, async (db) => {
      await db.tenant.create({ data: { id: tenantId, name, subdomain } });
      return db.user.create({ data: { tenantId, email, passwordHash, roleMask: ROLE_BITS.owner } });
    });
    await invalidateTenantCache(subdomain);
    return {
      tenant: { id: tenantId, name, subdomain, url: tenantUrl(subdomain, protocol) },
      user: { id: user.id, email: user.email },
    };
  } catch (error) {
    if (isUniqueViolation(error, "tenants_subdomain_lower_key")) {
      throw new AppError("conflict", "That subdomain is taken.", [{ field: "subdomain", message: "This subdomain is taken." }]);
    }
    throw error;
  }
}
