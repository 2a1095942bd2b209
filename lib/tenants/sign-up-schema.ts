import { z } from "zod";
import { isValidSubdomainLabel } from "@/lib/middleware/reserved-subdomains";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

// `.strict()`: unknown fields are an error, not silently dropped.
export const signUpSchema = z
  .object({
    name: z.string().trim().min(1, "Enter your agency's name.").max(100, "At most 100 characters."),
    subdomain: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, "Choose a subdomain.")
      .max(50, "At most 50 characters.")
      .refine(isValidSubdomainLabel, "Use lower-case letters, digits and inner hyphens (a-z, 0-9, -), at most 50."),
    email: z.string().trim().toLowerCase().max(255, "At most 255 characters.").pipe(z.email("Enter a valid email address.")),
    password: z
      .string()
      .min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters.`)
      .max(PASSWORD_MAX, `At most ${PASSWORD_MAX} characters.`),
  })
  .strict();

export type SignUp = z.infer<typeof signUpSchema>;
