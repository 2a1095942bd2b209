import { expect, test } from "@playwright/test";
import { E2E_ROOT_DOMAIN, rootOrigin, tenantOrigin } from "./e2e-env";

// Requests go through the browser, which resolves *.localhost by itself (Node's resolver does not).
test("the API reference renders the OpenAPI document on the marketing site", async ({ page }, testInfo) => {
  const answer = (await page.goto(`${rootOrigin}/api/v1/openapi.json`))!;
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toMatch(/^application\/json/);
  const doc = (await answer.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { operationId: string }>> };
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.servers[0]!.url).toContain(E2E_ROOT_DOMAIN);

  // Reachable from a workspace host too (API paths are not rewritten into the tenant app).
  const onTenantHost = await page.goto(`${tenantOrigin("docs-reader")}/api/v1/openapi.json`);
  expect(onTenantHost?.status()).toBe(200);
  expect(((await onTenantHost!.json()) as { openapi: string }).openapi).toBe("3.1.0");

  await page.goto(rootOrigin);
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(`${rootOrigin}/docs/api`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ROI Spectrum API");

  // Every documented operation has its card.
  const documented = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  await expect(page.locator("article[data-operation]")).toHaveCount(documented.length);

  const createSite = page.locator("article#createSite");
  await expect(createSite).toContainText("POST");
  await expect(createSite).toContainText("/api/v1/sites");
  await expect(createSite).toContainText("sites.write");
  await expect(createSite.locator("[data-section=request-body] td", { hasText: /^domain\*$/ })).toBeVisible();
  await expect(createSite.locator("li[data-status='409']")).toContainText("conflict");
  await expect(createSite.locator("li[data-status='401']")).toBeVisible();

  const signUp = page.locator("article#signUp");
  await expect(signUp).toContainText("Public");
  await expect(signUp.locator("li[data-status='429']")).toContainText("rate_limited");

  await page.screenshot({ path: testInfo.outputPath("api-reference.png"), fullPage: false });
  await createSite.screenshot({ path: testInfo.outputPath("api-reference-create-site.png") });
});
