import { z } from "zod";
import { ROLE_BITS } from "@/lib/auth/roles";

// Keys act for integrations; none may be an owner (ownership is a person's).
export const API_KEY_ROLES = ["admin", "billing", "analyst", "viewer"] as const;

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1, "Name the key.").max(100, "At most 100 characters."),
    role: z.enum(API_KEY_ROLES).default("analyst"),
  })
  .strict();

export type CreateApiKey = z.infer<typeof createApiKeySchema>;

export const apiKeyIdSchema = z.uuid("Not a valid key id.");

export function roleMaskOfKeyRole(role: CreateApiKey["role"]): number {
  return ROLE_BITS[role];
}

/** How a key appears in API responses: never the secret or its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: string | undefined;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
