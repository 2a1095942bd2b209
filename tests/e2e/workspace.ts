import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
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

/**
 * Signs up through the marketing site's form; ends on the new workspace's sign-in page. Each visitor
 * comes from an address of its own (as a proxy's X-Forwarded-For would say), so the per-address
 * sign-up limit, tested in tests/integration/sign-up.test.ts, does not throttle the suite.
 */
export async function signUp(page: Page, workspace: Workspace): Promise<void> {
  const bytes = randomBytes(3);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `10.${bytes[0]}.${bytes[1]}.${bytes[2]}` });
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

/** Adds a site through the Sites page's form and waits until the list shows `expectedCount` sites. */
export async function addSite(
  page: Page,
  origin: string,
  site: { name: string; domain: string; currency?: string; timezone?: string },
  expectedCount = 1,
): Promise<void> {
  await page.goto(`${origin}/sites`);
  const siteForm = page.getByRole("form", { name: "Add a site" });
  await siteForm.getByLabel("Name", { exact: true }).fill(site.name);
  await siteForm.getByLabel("Domain").fill(site.domain);
  if (site.currency) await siteForm.getByLabel("Currency", { exact: true }).selectOption(site.currency);
  if (site.timezone) await siteForm.getByLabel("Time zone").selectOption(site.timezone);
  await siteForm.getByRole("button", { name: "Add site" }).click();
  await expect(page.getByTestId("site-row")).toHaveCount(expectedCount);
}

/**
 * Records Content-Security-Policy violations on the page: the DOM's securitypolicyviolation events and
 * Chromium's console reports. Call before the first navigation; the returned array fills as they come,
 * so a spec can end with `expect(violations).toEqual([])`.
 */
export async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => {
    violations.push(text);
  });
  await page.addInitScript(() => {
    const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
    document.addEventListener("securitypolicyviolation", (event) => {
      report(`${location.href}: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (/content.security.policy/i.test(message.text())) violations.push(`${page.url()}: console ${message.type()}: ${message.text()}`);
  });
  return violations;
}
