import { test, expect, devices } from "@playwright/test";
import {
  COORDINATOR,
  STAFF,
  countInExport,
  expectAccessible,
  expectSavedForOffline,
  signIn,
  startServer,
  uniqueWords,
} from "./helpers";

// A server of this spec's own, where a sign-in lasts one minute, so the test can watch it run out while
// the member of staff is offline.
const PORT = Number(process.env.CAIRN_E2E_PORT ?? 3100) + 20;
const ENTRIES = 20;
/** "entry-07.": no entry's label is the start of another's. */
const entry = (i: number) => `entry-${String(i).padStart(2, "0")}.`;

test("staff collect 20 entries offline, reload, outlive their sign-in, sign in again, and all 20 arrive once", async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const server = await startServer({
    port: PORT + (testInfo.project.name === "postgres" ? 1 : 0),
    database: testInfo.project.name,
    env: { CAIRN_SESSION_MINUTES: "1" },
  });
  const context = await browser.newContext({ ...devices["Pixel 7"], baseURL: server.url, serviceWorkers: "allow" });
  const page = await context.newPage();
  try {
    await page.goto("/signin");
    await signIn(page, STAFF);
    const signedInAt = Date.now();
    // Staff land on "Collect in the field"; they have no inbox.
    await expect(page.getByRole("heading", { name: "Collect in the field", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Inbox" })).toHaveCount(0);
    await expectAccessible(page, "collect: choose a conversation");
    await page.getByRole("link", { name: "Tell us anything" }).click();
    await expect(page.locator("form[data-ready]")).toHaveCount(1);
    await expect(page.getByText("Nothing sent from this device yet.")).toBeVisible();
    await expectSavedForOffline(page);

    await context.setOffline(true);
    const words = uniqueWords("Said in the field");
    await page.getByLabel("Event or place (optional)").fill("Library outreach");

    // Forgetting the confirmation is caught, and nothing is queued.
    await page.getByLabel("What would you like to tell us?").fill(`${words} ${entry(1)}`);
    await page.getByRole("button", { name: "Save entry" }).click();
    await expect(page.getByRole("link", { name: "Tick the box to say you explained how their answers will be used." })).toBeVisible();
    await expectAccessible(page, "collect: confirmation missing");
    await expect(page.getByText("No entries waiting to send.")).toBeVisible();

    for (let i = 1; i <= ENTRIES; i++) {
      if (i === 11) {
        // A reload with no signal: the page comes from the service worker, the entries from storage.
        await page.reload();
        await expect(page.locator("form[data-ready]")).toHaveCount(1);
        await expect(page.getByText("10 entries waiting to send.")).toBeVisible();
        await expect(page.getByLabel("Event or place (optional)")).toHaveValue("Library outreach");
      }
      await page.getByLabel("What would you like to tell us?").fill(`${words} ${entry(i)}`);
      await page.getByLabel("You can show my answers to the board that runs the service").check();
      if (i % 2 === 1) await page.getByLabel("You can share my words without my name").check();
      await page.getByLabel("I explained how their answers will be used, and they chose the options above").check();
      await page.getByRole("button", { name: "Save entry" }).click();
      await expect(page.getByText("Entry saved. Ready for the next person.")).toBeVisible();
      await expect(page.getByText(i === 1 ? "1 entry waiting to send." : `${i} entries waiting to send.`)).toBeVisible();
      // The form is empty for the next person, and the confirmation must be given again.
      await expect(page.getByLabel("What would you like to tell us?")).toHaveValue("");
      await expect(page.getByLabel("I explained how their answers will be used, and they chose the options above")).not.toBeChecked();
    }
    await expectAccessible(page, "collect: 20 entries waiting, offline");
    await page.screenshot({ path: testInfo.outputPath("field-offline.png"), fullPage: true });

    // Let the one-minute sign-in run out while still offline, then come back.
    const wait = signedInAt + 65_000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
    await context.setOffline(false);
    await expect(page.getByText("Your sign-in has run out.", { exact: false })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("20 entries waiting to send.")).toBeVisible();
    await expectAccessible(page, "collect: sign-in ran out");
    await page.screenshot({ path: testInfo.outputPath("field-sign-in-again.png"), fullPage: true });

    await page.getByRole("link", { name: "Sign in again" }).click();
    await signIn(page, STAFF);
    await expect(page).toHaveURL(/\/collect\/tell-us-anything$/);
    await expect(page.getByText("No entries waiting to send.")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/^Last sent at \d\d:\d\d$/)).toBeVisible();
    await expectAccessible(page, "collect: all sent");

    // Every entry arrived exactly once, as collected by staff, with the place.
    const coordinator = await context.browser()!.newContext({ baseURL: server.url });
    const inbox = await coordinator.newPage();
    await inbox.goto("/signin");
    await signIn(inbox, COORDINATOR);
    expect(await countInExport(inbox, server.url, words)).toBe(ENTRIES);
    const csv = await (await inbox.request.get(`${server.url}/export/submissions.csv`)).text();
    for (let i = 1; i <= ENTRIES; i++) {
      expect(csv.split(`${words} ${entry(i)}`).length - 1, entry(i)).toBe(1);
    }
    await inbox.goto(`/inbox?q=${encodeURIComponent(`${words} ${entry(7)}`)}`);
    await inbox.getByRole("article").first().getByRole("link", { name: "Tell us anything" }).click();
    await expect(inbox.getByText("With staff")).toBeVisible();
    await expect(inbox.getByText("Library outreach")).toBeVisible();
    await coordinator.close();
  } finally {
    await context.close();
    await server.stop();
  }
});
