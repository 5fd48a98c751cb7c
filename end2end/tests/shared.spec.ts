import { test, expect, type Page } from "@playwright/test";
import {
  ANSWER_PAGE,
  COORDINATOR,
  EMPTY,
  coordinatorInbox,
  expectAccessible,
  expectSavedForOffline,
  openAnswerPage,
  personalStorage,
  refuseNextSend,
  signIn,
  uniqueWords,
} from "./helpers";

// A drop-in tablet loses its signal too: the start page must come back from the service worker.
test.use({ serviceWorkers: "allow" });

async function switchSharedModeOn(page: Page) {
  await page.goto("/signin");
  await signIn(page, COORDINATOR);
  await page.goto("/collect");
  await expect(page.getByText("This device is not a shared device.")).toBeVisible();
  await page.getByLabel("Clear after this long without use").selectOption({ label: "1 minute" });
  await expect(page.getByText("Switching it on signs you out on this device")).toBeVisible();
  await page.getByRole("button", { name: "Use as a shared device" }).click();
  // Switching on signs the member of staff out, and says so.
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("status")).toContainText("You are signed out on it");
  await expectAccessible(page, "signed out: shared device on");
}

/** Staff pages and exports, as this device would get them: none may answer with their contents. */
async function expectStaffPagesRefused(page: Page) {
  for (const path of ["/inbox", "/collect", "/export/submissions.csv", "/export/submissions.json"]) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBeGreaterThanOrEqual(300);
    expect(await res.text(), path).not.toContain("Submission ");
  }
}

test.beforeEach(async ({ page }) => {
  // The idle timer runs on a clock the test moves, so waiting a minute takes no time.
  await page.clock.install();
  await switchSharedModeOn(page);
});

test("shared device: after a send, nothing personal stays, and Done goes back to the start", async ({ page, browser }) => {
  await openAnswerPage(page);
  await expect(page.getByRole("button", { name: "Clear this device" })).toBeVisible();
  await expectAccessible(page, "answer page on a shared device");
  const words = uniqueWords("Said on the drop-in tablet");
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByLabel("You can share my words without my name").check();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });
  const code = (await page.locator(".receipt-code").first().textContent())?.trim() ?? "";
  expect(code).not.toBe("");
  // The receipt is on screen, but only in memory: nothing for the next person to find.
  expect(await personalStorage(page, [words, code])).toEqual(EMPTY);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Have your say", level: 1 })).toBeVisible();
  await expect(page.getByText(words)).toHaveCount(0);
  expect(await personalStorage(page, [words, code])).toEqual(EMPTY);

  const inbox = await coordinatorInbox(browser);
  const item = inbox.getByRole("article").filter({ hasText: words });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Shared device");
  await inbox.context().close();
});

test("shared device: a quiet minute warns, I'm still here keeps the answers, then they are wiped", async ({ page }) => {
  await openAnswerPage(page);
  // Someone before sent an answer the server refused: it waits on the device for them to see.
  const refused = uniqueWords("Refused before the wipe");
  await refuseNextSend(page);
  await page.getByLabel("What would you like to tell us?").fill(refused);
  await page.getByRole("button", { name: "Send" }).click();
  await expect.poll(async () => (await personalStorage(page)).rejected, { timeout: 20_000 }).toBe(1);
  await page.goto(ANSWER_PAGE);
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
  const words = uniqueWords("Half written then walked away");
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByLabel("I want to hear what happens next").check();
  expect((await personalStorage(page)).keys.filter((k) => k.startsWith("cairn.draft."))).toHaveLength(1);

  // 30 seconds without use: a warning with at least 30 seconds to go.
  await page.clock.fastForward("00:31");
  const warning = page.getByRole("dialog", { name: "Are you still there?" });
  await expect(warning).toBeVisible();
  const secondsLeft = Number((await page.locator("#idle-text").textContent())!.match(/\d+/)![0]);
  expect(secondsLeft).toBeGreaterThanOrEqual(29);
  await expectAccessible(page, "idle warning");
  await page.screenshot({ path: test.info().outputPath("idle-warning.png") });
  await warning.getByRole("button", { name: "I'm still here" }).click();
  await expect(warning).toBeHidden();
  await expect(page.getByLabel("What would you like to tell us?")).toHaveValue(words);

  // Then nobody comes back.
  await page.clock.fastForward("00:31");
  await expect(warning).toBeVisible();
  await page.clock.fastForward("00:31");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Have your say", level: 1 })).toBeVisible();
  expect(await personalStorage(page, [words, refused])).toEqual(EMPTY);
  await page.goto(ANSWER_PAGE);
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
  await expect(page.getByLabel("What would you like to tell us?")).toHaveValue("");
  await expect(page.getByLabel("I want to hear what happens next")).not.toBeChecked();
});

test("shared device: an old phone without <dialog> still gets the idle warning", async ({ page }) => {
  await page.addInitScript(() => {
    // As on browsers from before <dialog>: no showModal, no close.
    delete (HTMLDialogElement.prototype as { showModal?: unknown }).showModal;
    delete (HTMLDialogElement.prototype as { close?: unknown }).close;
  });
  await openAnswerPage(page);
  await page.getByLabel("What would you like to tell us?").fill(uniqueWords("On an old phone"));
  await page.clock.fastForward("00:31");
  const warning = page.locator("#idle");
  await expect(warning).toBeVisible();
  await expect(warning.getByRole("heading", { name: "Are you still there?" })).toBeVisible();
  await expect(warning.getByRole("button", { name: "I'm still here" })).toBeFocused();
  await warning.getByRole("button", { name: "I'm still here" }).click();
  await expect(warning).toBeHidden();
});

test("shared device: Clear this device wipes a draft at once, but keeps answers waiting to send", async ({ page, context, browser }) => {
  await openAnswerPage(page);
  await expectSavedForOffline(page);
  const waiting = uniqueWords("Sent with no signal on the tablet");
  await context.setOffline(true);
  await page.getByLabel("What would you like to tell us?").fill(waiting);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("1 answer is waiting to send.")).toBeVisible();
  const started = uniqueWords("Someone else starts");
  await page.getByLabel("What would you like to tell us?").fill(started);

  // It asks first; saying no keeps everything.
  page.once("dialog", (d) => {
    expect(d.message()).toContain("Clear this device now?");
    void d.dismiss();
  });
  await page.getByRole("button", { name: "Clear this device" }).click();
  await expect(page.getByLabel("What would you like to tell us?")).toHaveValue(started);
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Clear this device" }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(await personalStorage(page, ["Someone else starts"])).toEqual({ ...EMPTY, pending: 1 });

  // The answer that was waiting still arrives, once.
  await context.setOffline(false);
  await expect.poll(async () => (await personalStorage(page)).pending, { timeout: 20_000 }).toBe(0);
  const inbox = await coordinatorInbox(browser);
  await expect(inbox.getByRole("article").filter({ hasText: waiting })).toHaveCount(1);
  await inbox.context().close();
});

test("shared device: switching it on signs staff out, and Clear this device ends a staff session", async ({ page }) => {
  await expectStaffPagesRefused(page);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/signin/);

  // Someone signs in again on the tablet and walks away; the next wipe signs them out.
  await signIn(page, COORDINATOR);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  await page.goto("/");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Clear this device" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(async () => (await page.request.get("/inbox", { maxRedirects: 0 })).status(), { timeout: 10_000 }).toBe(303);
  await expectStaffPagesRefused(page);
});
