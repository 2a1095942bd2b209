import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { rootOrigin, tenantOrigin } from "./e2e-env";
import { PASSWORD, signIn, signUp, uniqueWorkspace } from "./workspace";

test("an owner invites a member by email, who accepts, signs in, and sees the role the owner then gives them", async ({ page, browser }, testInfo) => {
  const workspace = uniqueWorkspace();
  await signUp(page, workspace);
  await signIn(page, workspace.email);
  const origin = tenantOrigin(workspace.subdomain);
  const memberEmail = `member-${randomBytes(4).toString("hex")}@example.test`;

  // The owner invites from the Team page.
  await page.getByRole("link", { name: "Team" }).click();
  await page.waitForURL(`${origin}/team`);
  const inviteForm = page.getByRole("form", { name: "Invite a member" });
  await inviteForm.getByLabel("Email").fill(memberEmail);
  await inviteForm.getByLabel("Role").selectOption("viewer");
  await inviteForm.getByRole("button", { name: "Send invitation" }).click();
  // The free plan's seats are now all taken, so a second status (the seats notice) may appear beside it.
  await expect(page.getByRole("status").filter({ hasText: "Invitation sent" })).toContainText(`Invitation sent to ${memberEmail}`);
  await expect(page.getByTestId("invitation-row").filter({ hasText: memberEmail })).toContainText("pending until");
  // The only owner can neither be removed nor demoted, and the page says why.
  const ownerRow = page.getByTestId("member-row").filter({ hasText: workspace.email });
  await expect(ownerRow.getByRole("button", { name: `Remove ${workspace.email}` })).toBeDisabled();
  await expect(ownerRow).toContainText("A workspace needs an owner");

  // The email, as the development outbox shows it.
  await page.goto(`${rootOrigin}/dev/outbox?to=${encodeURIComponent(memberEmail)}`);
  const message = page.getByTestId("outbox-message").first();
  await expect(message.getByTestId("outbox-to")).toHaveText(memberEmail);
  await expect(message).toContainText(`Join ${workspace.name} on ROI Spectrum`);
  const link = await message.getByRole("link", { name: /\/invite\?token=/ }).getAttribute("href");
  expect(link).toMatch(new RegExp(`^${origin.replace(/\./g, "\\.")}/invite\\?token=`));

  // The invitee, in a browser of their own.
  const invitee = await browser.newContext();
  const bytes = randomBytes(3);
  await invitee.setExtraHTTPHeaders({ "x-forwarded-for": `10.${bytes[0]}.${bytes[1]}.${bytes[2]}` });
  const memberPage = await invitee.newPage();
  await memberPage.goto(link!);
  await expect(memberPage.getByRole("heading", { name: `Join ${workspace.name}` })).toBeVisible();
  await expect(memberPage.getByTestId("invite-email")).toHaveText(memberEmail);
  await memberPage.getByLabel(/^Password/).fill(PASSWORD);
  await memberPage.getByLabel("Repeat password").fill(PASSWORD);
  await memberPage.getByRole("button", { name: "Accept and create account" }).click();
  await memberPage.waitForURL(`${origin}/signin**`);
  await signIn(memberPage, memberEmail);
  await expect(memberPage.getByTestId("user-role")).toHaveText("viewer");
  await expect(memberPage.getByRole("link", { name: "Team" })).toHaveCount(0);

  // The link worked once.
  await memberPage.goto(link!);
  await expect(memberPage.getByText("This invitation has already been accepted.")).toBeVisible();

  // The owner makes the member an admin.
  await page.goto(`${origin}/team`);
  await expect(page.getByTestId("invitation-row")).toHaveCount(0);
  const roleSelect = page.getByLabel(`Role of ${memberEmail}`);
  await expect(roleSelect).toHaveValue("viewer");
  await roleSelect.selectOption("admin");
  await expect(page.getByLabel(`Role of ${memberEmail}`)).toHaveValue("admin");
  await page.screenshot({ path: testInfo.outputPath("team.png"), fullPage: true });

  // The member's very next page carries the new role (roles are read on every request).
  await memberPage.goto(`${origin}/`);
  await expect(memberPage.getByTestId("user-role")).toHaveText("admin");
  await memberPage.getByRole("link", { name: "Team" }).click();
  await expect(memberPage.getByTestId("member-row").filter({ hasText: memberEmail })).toContainText("you");
  await invitee.close();

  // The change is on record.
  await page.goto(`${origin}/audit`);
  await expect(page.getByTestId("audit-row").filter({ hasText: "member.role_changed" })).toHaveCount(1);
  await expect(page.getByTestId("audit-row").filter({ hasText: "invitation.accepted" })).toHaveCount(1);
});
