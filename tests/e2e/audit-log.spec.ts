import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { tenantOrigin } from "./e2e-env";
import { addSite, signIn, signUp, uniqueWorkspace } from "./workspace";

test("a change made in the app appears in the audit log with actor and IP, and exports as CSV", async ({ page }, testInfo) => {
  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  await signIn(page, workspace.email);
  const origin = tenantOrigin(workspace.subdomain);

  await addSite(page, origin, { name: "Audited Site", domain: "audited.example" });

  await page.goto(`${origin}/audit`);
  const row = page.getByTestId("audit-row").filter({ hasText: "site.created" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(workspace.email);
  // The visitor's address as the proxy reported it (tests/e2e/workspace.ts sets X-Forwarded-For).
  await expect(row).toContainText(/10\.\d+\.\d+\.\d+/);
  await expect(page.getByTestId("audit-row").filter({ hasText: "auth.sign_in_succeeded" })).toHaveCount(1);
  await expect(page.getByTestId("audit-badge")).toContainText("chain intact");
  await page.screenshot({ path: testInfo.outputPath("audit-log.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toMatch(/action/);
  expect(csv).toContain("site.created");
  expect(csv).toContain(workspace.email);
});
