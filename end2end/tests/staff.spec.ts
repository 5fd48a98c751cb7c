import { test, expect } from "@playwright/test";
import { COORDINATOR, expectAccessible } from "./helpers";

test("(d) a coordinator signs in, sees the inbox, and signs out", async ({ page }) => {
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/signin\?next=\/inbox$/);
  await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
  await expectAccessible(page, "sign-in page");

  await page.getByLabel("Email").fill(COORDINATOR.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The email or password is not right.");
  await expectAccessible(page, "sign-in error");

  await page.getByLabel("Email").fill(COORDINATOR.email);
  await page.getByLabel("Password").fill(COORDINATOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  await expect(page.getByText(`Signed in as ${COORDINATOR.email}`)).toBeVisible();
  await expectAccessible(page, "inbox");
  await page.screenshot({ path: "test-results/inbox.png", fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await expectAccessible(page, "signed out");
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/signin/);
});

test("the setup page and a missing page are accessible too", async ({ page }) => {
  // The form shows for any link; only the server's one-time token makes it work (tested over HTTP).
  await page.goto("/setup/not-a-real-token");
  await expect(page.getByRole("heading", { name: "Create the first admin account", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectAccessible(page, "setup page");

  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
  await expectAccessible(page, "not found page");
});
