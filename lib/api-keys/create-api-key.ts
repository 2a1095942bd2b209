import { withTenantDb } from "@/lib/db";
import { fromZodError } from "@/lib/errors";
import { createApiKeySchema, roleMaskOfKeyRole, type ApiKeyView } from "./api-key-schemas";
import { generateApiKeySecret } from "./api-key-secret";
import { toApiKeyView } from "./to-api-key-view";

/** Creates a key; the secret is in the result and nowhere else, ever again. */
export async function createApiKey(
  tenantId: string,
  createdBy: string | null,
  input: unknown,
): Promise<ApiKeyView & { key: string }> {
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
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
