import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { rootOrigin, tenantOrigin } from "./e2e-env";

export const PASSWORD = "a sturdy e2e password";

export interface Workspace {
  name: string;
  subdomain: string;
  email: string;
}

/** Unique workspace details for one test. */
export function uniqueWorkspace(): Workspace {
  const id = randomBytes(4).toString("hex");
  return { name: `Agency ${id}`, subdomain: `e2e-${id}`, email: `owner-${id}@example.test` };
}

/** Signs up through the marketing site's form; ends on the new workspace's sign-in page. */
export async function signUp(page: Page, workspace: Workspace): Promise<void> {
  await page.goto(`${rootOrigin}/signup`);
  await page.getByLabel("Agency name").fill(workspace.name);
  await page.getByLabel("Workspace address").fill(workspace.subdomain);
  await page.getByLabel("Your email").fill(workspace.email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(`${tenantOrigin(workspace.subdomain)}/signin**`);
}

/** Signs in on the current workspace sign-in page; ends on the dashboard. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}
