import { primaryRole } from "@/lib/auth/roles";
import type { ApiKeyView } from "./api-key-schemas";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  roleMask: number;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The public shape of a stored key. */
export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: primaryRole(row.roleMask),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
