import http from "node:http";
import { expect, test } from "@playwright/test";
import { testEnv } from "../setup/test-env";
import { E2E_PORT, E2E_ROOT_DOMAIN, tenantOrigin } from "./e2e-env";
import { signIn, signUp, uniqueWorkspace } from "./workspace";

/** The scheduler's call: GET /api/v1/cron/billing with the cron secret (Node cannot resolve *.localhost). */
function runBillingCron(): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(
        { host: "127.0.0.1", port: E2E_PORT, path: "/api/v1/cron/billing", headers: { host: E2E_ROOT_DOMAIN, authorization: `Bearer ${testEnv.CRON_SECRET}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      )
      .on("error", reject);
  });
}

test("a tenant upgrades through Stripe's checkout; the webhook and the cron put the new plan on the billing page", async ({ page }, testInfo) => {
  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  await signIn(page, workspace.email);
  const origin = tenantOrigin(workspace.subdomain);

  await page.goto(`${origin}/billing`);
  await expect(page.getByTestId("billing-plan")).toHaveText("Free");
  await page.getByRole("button", { name: /Upgrade to Pro/ }).click();
  await page.waitForURL(/\/checkout\/cs_/);
  await page.screenshot({ path: testInfo.outputPath("01-stripe-checkout.png") });
  await page.getByRole("button", { name: "Pay" }).click();
  await page.waitForURL(`${origin}/billing?checkout=success**`);

  // Stripe delivers its webhooks on its own schedule; the scheduler drains the queue every minute.
  await expect(async () => {
    expect(await runBillingCron()).toBe(200);
    await page.reload();
    await expect(page.getByTestId("billing-plan")).toHaveText("Pro", { timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  await expect(page.getByTestId("billing-status")).toHaveText("active");
  // The app shell's tenant context (cached) was invalidated when the plan changed.
  await expect(page.getByText(`${workspace.subdomain} · pro plan`)).toBeVisible();
  await expect(page.getByTestId("invoice-table")).toContainText("$149.00");
  await page.screenshot({ path: testInfo.outputPath("02-billing-pro.png"), fullPage: true });
});
