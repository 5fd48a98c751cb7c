import { test, expect } from "@playwright/test";
import {
  ANSWER_PAGE,
  EMPTY,
  RECEIPT,
  coordinatorInbox,
  expectAccessible,
  openAnswerPage,
  personalStorage,
  refuseNextSend,
  uniqueWords,
} from "./helpers";

// The everyday website is on the internet, which tests cannot reach: answer for it here.
const LEAVE_URL = /^https:\/\/www\.bbc\.co\.uk\/weather/;

test.beforeEach(async ({ context }) => {
  await context.route(LEAVE_URL, (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Weather</title><h1>Weather</h1>" }),
  );
});

async function draftKeys(page: import("@playwright/test").Page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("cairn.draft.")));
}

test("(c) leave quickly: one press hides the page, deletes the draft, and Back does not bring it back", async ({ page }) => {
  await page.goto("/");
  await openAnswerPage(page);
  const words = uniqueWords("Somebody is reading over my shoulder");
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByRole("checkbox", { name: "I want to hear what happens next" }).check();
  await expect.poll(() => draftKeys(page)).toHaveLength(1);
  await expect(page.getByRole("link", { name: "Leave this page" })).toBeVisible();
  await expectAccessible(page, "answer page with the leave button");

  await page.getByRole("link", { name: "Leave this page" }).click();
  await expect(page).toHaveURL(LEAVE_URL);
  await expect(page.getByRole("heading", { name: "Weather" })).toBeVisible();
  expect(await draftKeys(page)).toEqual([]);
  // The answer page was replaced in the history, so Back goes to where they were before it.
  await page.goBack();
  await expect(page).not.toHaveURL(/\/answer/);
  await page.goto(ANSWER_PAGE);
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
  await expect(page.getByLabel("What would you like to tell us?")).toHaveValue("");
  await expect(page.getByText(words)).toHaveCount(0);
});

test("(c) leave quickly with the keyboard: Shift three times", async ({ page }) => {
  await openAnswerPage(page);
  await page.getByLabel("What would you like to tell us?").fill(uniqueWords("Typed, then left"));
  await expect.poll(() => draftKeys(page)).toHaveLength(1);
  // Out of the text box (Shift inside one is for capital letters), then Shift three times.
  await page.getByRole("heading", { level: 1 }).click();
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
  await expect(page).toHaveURL(LEAVE_URL);
  expect(await draftKeys(page)).toEqual([]);
});

test("typing capitals or selecting with Shift never leaves the page", async ({ page }) => {
  await openAnswerPage(page);
  const box = page.getByLabel("What would you like to tell us?");
  await box.click();
  // Each capital is typed as a person does, with Shift held: "GP OK" and "ABCD-2345" hold three or more
  // Shift presses within a second.
  for (const c of "GP OK ABCD-2345 ") {
    if (c >= "A" && c <= "Z") await page.keyboard.press(`Shift+${c}`);
    else await page.keyboard.type(c);
  }
  for (let i = 0; i < 4; i++) await page.keyboard.press("Shift+ArrowLeft");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
  await expect(box).toHaveValue("GP OK ABCD-2345 ");
  expect(page.url()).not.toBe(LEAVE_URL);
  // Outside a box, another key between the presses starts the count again.
  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  await page.keyboard.press("a");
  await page.keyboard.press("Shift");
  await page.waitForTimeout(300);
  await expect(box).toHaveValue("GP OK ABCD-2345 ");
  expect(page.url()).not.toBe(LEAVE_URL);
});

test("leaving never touches answers waiting in the outbox", async ({ page, browser }) => {
  await openAnswerPage(page);
  const words = uniqueWords("Sent on a bad signal, then left");
  await page.getByLabel("What would you like to tell us?").fill(words);
  // The signal drops every send: the answer waits in the outbox.
  await page.route("**/api/v1/submissions", (route) => route.abort("connectionreset"));
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("1 answer is waiting to send.")).toBeVisible();
  await page.getByRole("link", { name: "Leave this page" }).click();
  await expect(page).toHaveURL(LEAVE_URL);
  // Coming back later with a signal, the outbox sends it, once.
  await page.unroute("**/api/v1/submissions");
  await page.goto(ANSWER_PAGE);
  await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible();
  const inbox = await coordinatorInbox(browser);
  await expect(inbox.getByRole("article").filter({ hasText: words })).toHaveCount(1);
  await inbox.context().close();
});

test("leaving forgets receipt codes and refused answers, and no address ever held the code", async ({ page }) => {
  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });
  // An answer the server refused waits on the phone to be seen; then one is sent, and its receipt code
  // is on screen (and in the outbox) when the person has to leave. (Drafts and answers still waiting to
  // send are the tests above.)
  await openAnswerPage(page);
  const refused = uniqueWords("Refused, then left");
  await refuseNextSend(page);
  await page.getByLabel("What would you like to tell us?").fill(refused);
  await page.getByRole("button", { name: "Send" }).click();
  await expect.poll(async () => (await personalStorage(page)).rejected, { timeout: 20_000 }).toBe(1);
  await openAnswerPage(page);
  const sent = uniqueWords("Sent, then left");
  await page.getByLabel("What would you like to tell us?").fill(sent);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });
  const code = (await page.locator(".receipt-code").first().textContent())?.trim() ?? "";
  expect(code).toMatch(RECEIPT);
  const before = await personalStorage(page, [refused, code]);
  expect(before.sent).toBe(1);
  expect(before.found).toEqual([refused, code]);

  await page.getByRole("link", { name: "Leave this page" }).click();
  await expect(page).toHaveURL(LEAVE_URL);
  // Back on this site, on a file with no script of ours: nothing of theirs is left.
  await page.goto("/robots.txt");
  expect(await personalStorage(page, [refused, sent, code])).toEqual(EMPTY);
  expect(visited.length).toBeGreaterThan(2);
  for (const url of visited) expect(url.toUpperCase()).not.toContain(code.replace("-", ""));
  for (const url of visited) expect(url.toUpperCase()).not.toContain(code);
});

test("staff pages have no leave button", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("link", { name: "Leave this page" })).toHaveCount(0);
});
