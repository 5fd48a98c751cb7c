import { test, expect } from "@playwright/test";
import {
  ANSWER_PAGE,
  RECEIPT,
  coordinatorInbox,
  expectAccessible,
  expectAccessibleAfterPost,
  expectAccessibleWithoutJs,
  openAnswerPage,
  uniqueWords,
} from "./helpers";

test("a participant picks a conversation and reads the promises before any question", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Have your say", level: 1 })).toBeVisible();
  await expectAccessible(page, "start page");
  await page.getByRole("link", { name: "Tell us anything" }).click();

  await expect(page.getByRole("heading", { name: "Tell us anything", level: 1 })).toBeVisible();
  for (const heading of ["Why we are asking", "What we do with your answers", "Who reads your answers", "What happens next", "If this is hard to talk about"]) {
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  }
  await expect(page.getByLabel("What would you like to tell us?")).toHaveCount(0);
  await expectAccessible(page, "promises page");
  await page.getByRole("link", { name: "Start" }).click();
  await expect(page.getByLabel("What would you like to tell us?")).toBeVisible();
  await page.screenshot({ path: "test-results/answer-page.png", fullPage: true });
});

test("(a) a draft survives a reload", async ({ page }) => {
  await openAnswerPage(page);
  await expectAccessible(page, "empty form");
  const words = uniqueWords("Draft that must survive");
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByRole("radio", { name: "Happy", exact: true }).check();
  await page.getByRole("radio", { name: "Now and then" }).check();
  await page.getByRole("checkbox", { name: "I want to hear what happens next" }).check();

  await page.reload();
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
  await expect(page.getByLabel("What would you like to tell us?")).toHaveValue(words);
  await expect(page.getByRole("radio", { name: "Happy", exact: true })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Now and then" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "I want to hear what happens next" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "You can share my words without my name" })).not.toBeChecked();
  await expectAccessible(page, "restored draft");

  // Closing the tab and coming back later restores it too.
  const again = await page.context().newPage();
  await again.goto(ANSWER_PAGE);
  await expect(again.getByLabel("What would you like to tell us?")).toHaveValue(words);
  await again.close();

  // Clean up for the next test: an empty form is not a draft.
  await page.getByLabel("What would you like to tell us?").fill("");
  await page.evaluate(() => localStorage.clear());
});

test("(b) offline: saved on the phone, failed sends retried, delivered exactly once after the page is reopened", async ({
  page,
  context,
  browser,
}) => {
  await openAnswerPage(page);
  const words = uniqueWords("Sent from a doorway with no signal");

  await context.setOffline(true);
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByRole("radio", { name: "Unhappy", exact: true }).check();
  await page.getByRole("checkbox", { name: "You can share my words without my name" }).check();
  await page.getByRole("button", { name: "Send" }).click();

  await expect(page.getByText("Saved on this device. It will send by itself when you are back online.")).toBeVisible();
  await expect(page.getByText("1 answer is waiting to send.")).toBeVisible();
  await expectAccessible(page, "saved offline");
  await page.screenshot({ path: "test-results/saved-offline.png", fullPage: true });
  const stored = await page.evaluate(() => localStorage.getItem("cairn.outbox.v1") ?? "");
  expect(stored).toContain(words);

  // Back online, but the network drops every request: each attempt is aborted and retried.
  let attempts = 0;
  await page.route("**/api/v1/submissions", (route) => {
    attempts += 1;
    return route.abort("connectionreset");
  });
  await context.setOffline(false);
  await expect.poll(() => attempts, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByText("1 answer is waiting to send.")).toBeVisible();

  // The participant gives up and closes the page. Later, with a working connection, they open it again.
  await page.close();
  const later = await context.newPage();
  await later.goto(ANSWER_PAGE);
  await expect(later.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible();
  const receipt = (await later.locator(".receipt-code").first().textContent())?.trim() ?? "";
  expect(receipt).toMatch(RECEIPT);
  await expectAccessible(later, "receipt after sync");
  await later.screenshot({ path: "test-results/receipt-after-sync.png", fullPage: true });
  expect(await later.evaluate(() => JSON.parse(localStorage.getItem("cairn.outbox.v1") ?? "{}").pending?.length)).toBe(0);

  // Exactly once in the coordinator's inbox, with the same receipt.
  const inbox = await coordinatorInbox(browser);
  const items = inbox.getByRole("article").filter({ hasText: words });
  await expect(items).toHaveCount(1);
  await expect(items.first()).not.toContainText(receipt);
  const shown = await inbox.request.post("/receipt", { form: { code: receipt } });
  expect(await shown.text()).toContain(words);
  await expect(items.first()).toContainText("Own device");
  await expect(items.first()).toContainText("May quote without name");

  // Done clears the receipt and shows an empty form for the next answer.
  await later.getByRole("button", { name: "Done" }).click();
  await expect(later.getByLabel("What would you like to tell us?")).toBeVisible();
  await expect(later.getByLabel("What would you like to tell us?")).toHaveValue("");
  await inbox.context().close();
});

test("online, Send shows the receipt at once and the draft is gone", async ({ page }) => {
  await openAnswerPage(page);
  const words = uniqueWords("Straight through");
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible();
  await expect(page.locator(".receipt-code").first()).toHaveText(RECEIPT);
  const drafts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("cairn.draft")));
  expect(drafts).toEqual([]);
  await page.getByRole("button", { name: "Done" }).click();
});

test("Send with nothing written says what to do", async ({ page }) => {
  await openAnswerPage(page);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("alert")).toContainText("Please answer at least one question before you send.");
  await expectAccessible(page, "empty send error");
});

test.describe("(c) without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form posts as plain HTML, the receipt page shows, and the coordinator sees it", async ({ page, browser }) => {
    await page.goto(ANSWER_PAGE);
    const words = uniqueWords("Written with JavaScript switched off");
    await page.getByLabel("What would you like to tell us?").fill(words);
    await page.getByRole("radio", { name: "Okay", exact: true }).check();
    await page.getByRole("checkbox", { name: "You can show my answers to the board that runs the service" }).check();
    await page.getByRole("button", { name: "Send" }).click();

    await expect(page.getByRole("heading", { name: "Your answers were sent", level: 1 })).toBeVisible();
    const receipt = (await page.locator(".receipt-code").textContent())?.trim() ?? "";
    expect(receipt).toMatch(RECEIPT);
    // The receipt page is the answer to the post: its code is in no address.
    expect(page.url()).not.toContain(receipt.replace("-", ""));
    await expectAccessibleAfterPost(browser, "/receipt", { code: receipt }, "receipt page without JavaScript");

    const inbox = await coordinatorInbox(browser);
    const items = inbox.getByRole("article").filter({ hasText: words });
    await expect(items).toHaveCount(1);
    await expect(items.first()).not.toContainText(receipt);
    await expect(items.first()).toContainText("May share with board");
    await inbox.context().close();
  });

  test("sending an empty form shows a plain error", async ({ page, browser }) => {
    await page.goto(ANSWER_PAGE);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByRole("alert")).toContainText("Please answer at least one question before you send.");
    await expectAccessibleWithoutJs(browser, page.url(), "empty form error without JavaScript");
  });
});
