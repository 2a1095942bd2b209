import { expect, test } from "@playwright/test";
import { tenantOrigin } from "./e2e-env";
import { addSite, signIn, signUp, uniqueWorkspace } from "./workspace";

// The import must take a 100,000-row file without freezing the page: parsing and uploads run in a
// worker, in batches. 100 channels × 1,000 days give 100,000 distinct (date, channel) rows for one site.
const CHANNELS = 100;
const DAYS = 1000;

function largeCsv(): string {
  const lines = ["date,channel,sessions,conversions,revenue,clicks,impressions,position"];
  const start = Date.UTC(2022, 0, 1);
  for (let day = 0; day < DAYS; day++) {
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    for (let channel = 0; channel < CHANNELS; channel++) lines.push(`${date},channel-${channel},10,1,5.00,3,100,7.5`);
  }
  return `${lines.join("\n")}\n`;
}

test("imports a 100,000-row CSV with a progress bar while the page stays responsive", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  await signIn(page, workspace.email);
  const origin = tenantOrigin(workspace.subdomain);

  await addSite(page, origin, { name: "Big Shop", domain: "big.shop.example", currency: "USD", timezone: "UTC" });

  await page.goto(`${origin}/import`);
  await page.getByLabel("Site").selectOption({ label: "Big Shop" });
  await page.getByLabel("CSV file").setInputFiles({ name: "large.csv", mimeType: "text/csv", buffer: Buffer.from(largeCsv()) });
  await expect(page.getByTestId("import-preview")).toContainText("2022-01-01");

  // A frozen main thread delays timers: record the longest gap between 50 ms ticks during the import.
  await page.evaluate(() => {
    const probe = window as unknown as { longestGapMs: number };
    probe.longestGapMs = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      probe.longestGapMs = Math.max(probe.longestGapMs, now - last);
      last = now;
    }, 50);
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-progress")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("01-importing.png"), fullPage: true });
  await expect(page.getByTestId("import-summary")).toContainText("Imported 100,000 rows, 0 errors.", { timeout: 240_000 });
  await page.screenshot({ path: testInfo.outputPath("02-imported.png"), fullPage: true });

  const longestGapMs = await page.evaluate(() => (window as unknown as { longestGapMs: number }).longestGapMs);
  testInfo.annotations.push({ type: "longest main-thread gap", description: `${Math.round(longestGapMs)} ms` });
  // Generous for a loaded 2-core CI machine; a page that parsed 100k rows on its own thread would stall for seconds.
  expect(longestGapMs).toBeLessThan(1_500);
});
