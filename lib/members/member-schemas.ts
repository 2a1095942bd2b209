import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/roles";

// Request bodies of the member routes (documented in the OpenAPI description from here).

/** PATCH /api/v1/members/{id}: a member holds one role. */
export const updateMemberSchema = z
  .object({
    role: z.enum(ROLES, { error: `Must be one of: ${ROLES.join(", ")}.` }),
  })
  .strict();

export type UpdateMember = z.infer<typeof updateMemberSchema>;

export const memberIdSchema = z.uuid("Not a valid member id.");

/** How a member appears in API responses: never the password hash. */
export interface MemberView {
  id: string;
  email: string;
  /** The highest role (what the product shows). */
  role: Role | undefined;
  /** Every role the member holds, most powerful first. */
  roles: Role[];
  createdAt: string;
}
