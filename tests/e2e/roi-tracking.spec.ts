import { expect, test } from "@playwright/test";
import { tenantOrigin } from "./e2e-env";
import { addSite, signIn, signUp, uniqueWorkspace } from "./workspace";

// January 2026 has 31 days: a 3,100.00 monthly fee is exactly 100.00 a day, and 31 imported days of
// 200.00 revenue make 6,200.00 — so the dashboard's figures can be checked to the cent.
function januaryCsv(): string {
  const lines = ["date,channel,sessions,conversions,revenue,clicks,impressions,position"];
  for (let day = 1; day <= 31; day++) {
    lines.push(`2026-01-${String(day).padStart(2, "0")},organic,100,2,200.00,40,1000,4.5`);
  }
  return `${lines.join("\n")}\n`;
}

test("an agency adds a site and a service, imports a CSV and sees the KPI cards and chart", async ({ page }, testInfo) => {
  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  await signIn(page, workspace.email);
  const origin = tenantOrigin(workspace.subdomain);

  await addSite(page, origin, { name: "Acme Shop", domain: "shop.acme.example", currency: "USD", timezone: "UTC" });

  await page.getByRole("link", { name: "Acme Shop" }).click();
  const serviceForm = page.getByRole("form", { name: "Add a service" });
  await serviceForm.getByLabel("Kind").selectOption("content");
  await serviceForm.getByLabel("Service name").fill("Content programme");
  await serviceForm.getByLabel("Start date").fill("2026-01-01");
  await serviceForm.getByLabel(/Monthly fee/).fill("3100.00");
  await serviceForm.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByTestId("service-row")).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("01-site-with-service.png"), fullPage: true });

  await page.goto(`${origin}/import`);
  await page.getByLabel("Site").selectOption({ label: "Acme Shop" });
  await page.getByLabel("CSV file").setInputFiles({ name: "january.csv", mimeType: "text/csv", buffer: Buffer.from(januaryCsv()) });
  await expect(page.getByTestId("import-preview")).toContainText("2026-01-01");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-summary")).toContainText("31", { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath("02-import-done.png"), fullPage: true });

  await page.goto(`${origin}/?from=2026-01-01&to=2026-01-31&granularity=week&compare=previous_period`);
  await expect(page.getByTestId("kpi-revenue-value")).toHaveText("$6,200.00");
  await expect(page.getByTestId("kpi-cost-value")).toHaveText("$3,100.00");
  await expect(page.getByTestId("kpi-profit-value")).toHaveText("$3,100.00");
  await expect(page.getByTestId("kpi-roi-value")).toHaveText("100%");
  await expect(page.getByTestId("kpi-sessions-value")).toHaveText("3,100");
  await expect(page.getByTestId("kpi-conversions-value")).toHaveText("62");
  await expect(page.locator('[data-testid="roi-chart"] .recharts-wrapper')).toBeVisible();
  // Five ISO-week buckets (Thu 1 Jan – Sun 4 Jan, three full weeks, Mon 26 – Sat 31): one bar pair each.
  await expect(page.locator('[data-testid="roi-chart"] .recharts-bar-rectangle')).toHaveCount(10);
  await expect(page.getByTestId("site-table")).toContainText("Acme Shop");
  await page.screenshot({ path: testInfo.outputPath("03-dashboard.png"), fullPage: true });
});
