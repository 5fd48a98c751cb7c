import { test, expect, type Page } from "@playwright/test";
import { ADMIN, expectAccessible } from "./helpers";

async function signIn(page: Page, next: string, email: string, password: string) {
  await page.goto(`/signin?next=${next}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin adds an account, its owner changes the password, the admin disables it", async ({ page, browser }) => {
  const email = `worker-${Date.now().toString(36)}@example.org`;
  const first = "first password for the field";
  const chosen = "my own chosen password";

  await signIn(page, "/people", ADMIN.email, ADMIN.password);
  await expect(page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
  await expectAccessible(page, "people page");

  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role").selectOption("staff");
  await page.getByLabel("First password").fill(first);
  await page.getByRole("button", { name: "Add account" }).click();
  await expect(page.getByRole("status")).toContainText("The account is ready.");
  await expect(page.getByRole("heading", { name: email })).toBeVisible();
  await expectAccessible(page, "account added");
  await page.screenshot({ path: "test-results/people.png", fullPage: true });

  // The new member of staff signs in on their own phone and picks their own password.
  const theirs = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
  await signIn(theirs, "/account", email, first);
  await expect(theirs.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  await expect(theirs.getByRole("link", { name: "People" })).toHaveCount(0);
  await expectAccessible(theirs, "your account");
  await theirs.getByLabel("Current password").fill("not what the admin gave me");
  await theirs.getByLabel("New password").fill(chosen);
  await theirs.getByRole("button", { name: "Change password" }).click();
  await expect(theirs.getByRole("alert")).toContainText("Your current password is not right.");
  await expectAccessible(theirs, "your account, wrong current password");
  await theirs.getByLabel("Current password").fill(first);
  await theirs.getByLabel("New password").fill(chosen);
  await theirs.getByRole("button", { name: "Change password" }).click();
  await expect(theirs.getByRole("status")).toContainText("Your password is changed.");
  await expectAccessible(theirs, "password changed");

  // The admin disables the account: the staff member's open page no longer works.
  await page.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(page.getByRole("status")).toContainText("They are signed out everywhere.");
  await expectAccessible(page, "account disabled");
  await theirs.reload();
  await expect(theirs).toHaveURL(/\/signin\?next=\/account(%3F[^/]*)?$/);
  await signIn(theirs, "/account", email, chosen);
  await expect(theirs.getByRole("alert")).toContainText("The email or password is not right.");

  // Every step is in the audit log, newest first.
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const entries = page.getByRole("list", { name: "Entries, newest first" }).getByRole("listitem");
  await expect(entries.first()).toContainText("Account disabled");
  await expect(entries.first()).toContainText(ADMIN.email);
  await expect(entries.filter({ hasText: "Password changed by its owner" })).toContainText(email);
  await page.getByLabel("Show").selectOption("user.");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/audit\?kind=user\.$/);
  await expect(entries.filter({ hasText: "Account added" }).filter({ hasText: `${email} as staff` })).toHaveCount(1);
  await expect(entries.filter({ hasText: "Account disabled" })).toHaveCount(1);
  await expectAccessible(page, "audit log");
  await page.screenshot({ path: "test-results/audit.png", fullPage: true });
});

test("a coordinator cannot open the people page", async ({ page }) => {
  await signIn(page, "/inbox", "coordinator@example.org", ADMIN.password);
  await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
  const res = await page.goto("/people");
  expect(res?.status()).toBe(403);
  await expect(page.getByText("Your account cannot open this page.")).toBeVisible();
  await expectAccessible(page, "people page refused");
});
