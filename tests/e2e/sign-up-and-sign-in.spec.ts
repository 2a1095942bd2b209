import { expect, test } from "@playwright/test";
import { rootOrigin, tenantOrigin } from "./e2e-env";
import { signIn, signUp, uniqueWorkspace } from "./workspace";

test("a visitor signs up, lands on the new subdomain, signs in and sees the dashboard", async ({ page }, testInfo) => {
  const workspace = uniqueWorkspace();
  await page.goto(rootOrigin);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Prove what your SEO");
  await expect(page.getByTestId("plan-pro")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("01-landing.png"), fullPage: true });

  await signUp(page, workspace);
  await expect(page.getByRole("heading", { name: `Sign in to ${workspace.name}` })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(workspace.email);
  await page.screenshot({ path: testInfo.outputPath("02-sign-in.png") });

  await signIn(page, workspace.email);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("tenant-name")).toHaveText(workspace.name);
  await expect(page.getByTestId("user-email")).toHaveText(workspace.email);
  await expect(page.getByTestId("user-role")).toHaveText("owner");
  await page.screenshot({ path: testInfo.outputPath("03-dashboard.png"), fullPage: true });

  // Sign out ends the session: the dashboard sends us back to sign-in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${tenantOrigin(workspace.subdomain)}/signin`);
  await page.goto(tenantOrigin(workspace.subdomain));
  await expect(page).toHaveURL(`${tenantOrigin(workspace.subdomain)}/signin`);
});

test("the sign-up form shows field errors inline and a wrong password is refused", async ({ page }, testInfo) => {
  await page.goto(`${rootOrigin}/signup`);
  await page.getByLabel("Agency name").fill("Reserved Co");
  await page.getByLabel("Workspace address").fill("ad--min");
  await page.getByLabel("Your email").fill("not-an-email");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText(/At least 12 characters/)).toBeVisible();
  await expect(page.getByText(/Use lower-case letters/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("sign-up-errors.png") });
  await expect(page).toHaveURL(`${rootOrigin}/signup`);

  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  await page.getByLabel("Email").fill(workspace.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
});

test("the first tenant's session cookie does not open a second tenant's dashboard", async ({ page, context }, testInfo) => {
  const first = uniqueWorkspace();
  const second = uniqueWorkspace();
  await signUp(page, second);
  await signUp(page, first);
  await signIn(page, first.email);
  await expect(page.getByTestId("tenant-name")).toHaveText(first.name);

  const firstHost = `${first.subdomain}.roispectrum.localhost`;
  const cookies = await context.cookies(tenantOrigin(first.subdomain));
  const session = cookies.find((cookie) => cookie.name.endsWith("next-auth.session-token"));
  expect(session, "session cookie").toBeDefined();
  // Host-only: no Domain attribute widening it to sibling subdomains.
  expect(session!.domain).toBe(firstHost);
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");

  // Not sent to the second host by the browser...
  await page.goto(tenantOrigin(second.subdomain));
  await expect(page).toHaveURL(`${tenantOrigin(second.subdomain)}/signin`);
  // ...and refused when replayed there deliberately.
  await context.addCookies([{ ...session!, domain: `${second.subdomain}.roispectrum.localhost` }]);
  await page.goto(tenantOrigin(second.subdomain));
  await expect(page).toHaveURL(`${tenantOrigin(second.subdomain)}/signin`);
  await page.screenshot({ path: testInfo.outputPath("cookie-replay-refused.png") });

  // The first tenant's dashboard still opens with it.
  await page.goto(tenantOrigin(first.subdomain));
  await expect(page.getByTestId("tenant-name")).toHaveText(first.name);
});

test("unknown workspaces and internal paths show the 404 page", async ({ page }) => {
  const unknown = await page.goto(tenantOrigin("no-such-workspace-e2e"));
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  const internal = await page.goto(`${rootOrigin}/t/demo`);
  expect(internal?.status()).toBe(404);
  const reserved = await page.goto(tenantOrigin("admin"));
  expect(reserved?.status()).toBe(404);
});
