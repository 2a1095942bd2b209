import { withTenantDb } from "@/lib/db";
import type { ApiKeyView } from "./api-key-schemas";
import { toApiKeyView } from "./to-api-key-view";

/** The tenant's keys, newest first, without secrets. */
export async function listApiKeys(tenantId: string): Promise<ApiKeyView[]> {
  const rows = await withTenantDb(tenantId, (db) => db.apiKey.findMany({ orderBy: { createdAt: "desc" }, take: 200 }));
  return rows.map(toApiKeyView);
}
