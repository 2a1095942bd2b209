import { withTenantDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { apiKeyIdSchema, type ApiKeyView } from "./api-key-schemas";
import { forgetVerifiedApiKey } from "./authenticate-api-key";
import { toApiKeyView } from "./to-api-key-view";

/** Revokes a key of this tenant; an unknown id (or another tenant's) is a 404. Repeating is harmless. */
export async function revokeApiKey(tenantId: string, id: string): Promise<ApiKeyView> {
  if (!apiKeyIdSchema.safeParse(id).success) throw new AppError("not_found", "No such API key.");
  const row = await withTenantDb(tenantId, async (db) => {
    const found = await db.apiKey.findFirst({ where: { id } });
    if (!found) return null;
    if (found.revokedAt) return found;
    return db.apiKey.update({ where: { tenantId_id: { tenantId, id } }, data: { revokedAt: new Date() } });
  });
  if (!row) throw new AppError("not_found", "No such API key.");
  forgetVerifiedApiKey(tenantId, row.id);
  return toApiKeyView(row);
}
