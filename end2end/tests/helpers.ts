import { expect, type Page, type Browser } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const COORDINATOR = {
  email: "coordinator@example.org",
  password: process.env.CAIRN_E2E_PASSWORD ?? "e2e coordinator password",
};

export const ADMIN = { email: "admin@example.org", password: COORDINATOR.password };

export const ANSWER_PAGE = "/c/tell-us-anything/answer";

/** Zero axe violations against WCAG 2.2 A and AA. `state` names the screen in the failure message. */
export async function expectAccessible(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
  expect(found, `axe violations on "${state}"`).toEqual([]);
}

/**
 * axe runs as JavaScript, so it cannot run in a page with JavaScript switched off. Every no-JavaScript
 * state is a URL (post/redirect/get), so we check that same URL in a page where axe can run.
 */
export async function expectAccessibleWithoutJs(browser: Browser, url: string, state: string) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  await page.goto(url);
  await expectAccessible(page, state);
  await context.close();
}

/** The participant form, after its island has woken up (it marks itself ready). */
export async function openAnswerPage(page: Page) {
  await page.goto(ANSWER_PAGE);
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
}

/** Words no other test uses, to find one submission in the inbox. */
export function uniqueWords(label: string) {
  return `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Signs a coordinator in, in a separate browser context, and returns the inbox page. */
export async function coordinatorInbox(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(COORDINATOR.email);
  await page.getByLabel("Password").fill(COORDINATOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  return page;
}

export const RECEIPT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;
