import { withTenantDb } from "@/lib/db";
import { grantsBeyond } from "@/lib/auth/roles";
import { AppError, fromZodError } from "@/lib/errors";
import { createApiKeySchema, roleMaskOfKeyRole, type ApiKeyView } from "./api-key-schemas";
import { generateApiKeySecret } from "./api-key-secret";
import { toApiKeyView } from "./to-api-key-view";

/**
 * Creates a key; the secret is in the result and nowhere else, ever again. With `granterMask` (the
 * creating principal's roles) a key may not carry a permission its creator lacks.
 */
export async function createApiKey(
  tenantId: string,
  createdBy: string | null,
  input: unknown,
  granterMask?: number,
): Promise<ApiKeyView & { key: string }> {
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  if (granterMask !== undefined && grantsBeyond(granterMask, roleMaskOfKeyRole(parsed.data.role))) {
    throw new AppError("forbidden", "You cannot create a key with permissions your own role does not have.");
  }
  const secret = generateApiKeySecret();
  const row = await withTenantDb(tenantId, (db) =>
    db.apiKey.create({
      data: {
        tenantId,
        name: parsed.data.name,
        prefix: secret.prefix,
        keyHash: secret.hash,
        roleMask: roleMaskOfKeyRole(parsed.data.role),
        createdBy,
      },
    }),
  );
  return { ...toApiKeyView(row), key: secret.key };
}
