import { test, expect } from "@playwright/test";
import {
  ANSWER_PAGE,
  COORDINATOR,
  expectAccessible,
  openAnswerPage,
  refuseNextSend,
  signIn,
  uniqueWords,
} from "./helpers";

// What axe cannot see: where focus goes, what the live regions say, titles, targets and ways out.

const QUESTION = "What would you like to tell us?";

test("after Send, focus is on the receipt's heading, and after Done it stays in the outbox", async ({ page }) => {
  await openAnswerPage(page);
  await page.getByLabel(QUESTION).fill(uniqueWords("Focus after send"));
  await page.getByRole("button", { name: "Send" }).click();
  const heading = page.getByRole("heading", { name: "Thank you. We got your answers." });
  await expect(heading).toBeFocused();
  // The live region holds one short sentence at most: never the receipt code or a button.
  const live = page.locator("[role=status], [aria-live]");
  for (const text of await live.allTextContents()) {
    expect(text.split(/[.!?]\s/).length, text).toBeLessThanOrEqual(1);
    expect(text).not.toMatch(/[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/);
  }
  await page.getByRole("button", { name: "Done" }).click();
  await expect(heading).toHaveCount(0);
  await expect(page.locator(".sync-panel")).toBeFocused();
});

test("a refused answer asks before it is removed, and focus stays in place", async ({ page }) => {
  await openAnswerPage(page);
  const words = uniqueWords("Refused then kept");
  await refuseNextSend(page);
  await page.getByLabel(QUESTION).fill(words);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Some answers could not be sent." })).toBeVisible();
  await page.getByRole("button", { name: "Remove these answers from this device" }).click();
  await expect(page.getByText("Remove these words from this device? You cannot get them back.")).toBeVisible();
  await expectAccessible(page, "asking before removing refused answers");
  await page.getByRole("button", { name: "No, keep them" }).click();
  await expect(page.getByText(words)).toBeVisible();
  await page.getByRole("button", { name: "Remove these answers from this device" }).click();
  await page.getByRole("button", { name: "Yes, remove them" }).click();
  await expect(page.getByText(words)).toHaveCount(0);
  await expect(page.locator(".sync-panel")).toBeFocused();
});

test("a problem on Send: the summary takes focus, the field is marked, the title says Error", async ({ page }) => {
  await openAnswerPage(page);
  await page.getByRole("button", { name: "Send" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toBeFocused();
  await expect(page.getByLabel(QUESTION)).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel(QUESTION)).toHaveAccessibleDescription(/Write an answer here, or answer another question/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a form sent back with a problem has an Error: title and the summary first", async ({ page }) => {
    await page.goto(ANSWER_PAGE);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page).toHaveTitle(/^Error: Questions: Tell us anything$/);
    await expect(page.getByRole("alert")).toBeFocused();
    await expect(page.getByLabel(QUESTION)).toHaveAttribute("aria-invalid", "true");
  });

  test("a receipt code that is not one: Error: title, the summary first, the box marked", async ({ page }) => {
    await page.goto("/receipt");
    await page.getByLabel("Receipt code").fill("nope");
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page).toHaveTitle("Error: Check your answers");
    await expect(page.getByRole("alert")).toBeFocused();
    await expect(page.getByLabel("Receipt code")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Receipt code")).toHaveAccessibleDescription("Type the code again. It looks like ABCD-2345.");
  });
});

test("each participant page has its own title", async ({ page }) => {
  const titles = new Map<string, string>();
  for (const path of ["/", "/c/tell-us-anything", ANSWER_PAGE, "/receipt", "/you-said-we-did"]) {
    await page.goto(path);
    const title = await page.title();
    expect(title, path).not.toBe("");
    expect([...titles.values()], path).not.toContain(title);
    titles.set(path, title);
  }
  await page.goto("/receipt/ABCD-2345");
  await expect(page).toHaveTitle("We could not find that code");
});

test("a page that does not exist still has a way out and a way back", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Leave this page" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the start" })).toBeVisible();
  await expectAccessible(page, "page not found");
});

test("Listen reads a question aloud with the device's own voice, and only where there is one", async ({ page }) => {
  // Chromium here has no voices: the buttons stay hidden.
  await openAnswerPage(page);
  await expect(page.getByRole("button", { name: "Listen to this question" })).toHaveCount(0);

  // A device with a Polish voice (the browser's speech, recorded instead of spoken).
  await page.addInitScript(() => {
    const said: { text: string; lang: string }[] = [];
    (window as unknown as { said: typeof said }).said = said;
    const voice = { lang: "pl-PL", name: "Polski", localService: true, default: true, voiceURI: "pl" };
    Object.defineProperty(window, "speechSynthesis", {
      value: {
        speaking: false,
        getVoices: () => [voice],
        cancel: () => {},
        speak: (u: { text: string; lang: string }) => said.push({ text: u.text, lang: u.lang }),
        addEventListener: () => {},
      },
    });
  });
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto("/pl/c/tell-us-anything/answer");
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
  const listen = page.getByRole("button", { name: "Posłuchaj tego pytania" }).first();
  await expect(listen).toBeVisible();
  await expectAccessible(page, "Listen buttons shown");
  requests.length = 0;
  await listen.click();
  const said = await page.evaluate(() => (window as unknown as { said: { text: string; lang: string }[] }).said);
  expect(said).toHaveLength(1);
  expect(said[0].lang).toBe("pl");
  expect(said[0].text).toContain(QUESTION);
  expect(said[0].text).toContain("Możesz to pominąć.");
  // Nothing was sent anywhere to speak it.
  expect(requests).toEqual([]);
});

test("staff pages: the skip link passes the staff menu, which marks the page you are on", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, COORDINATOR);
  await page.goto("/inbox");
  const nav = page.getByRole("navigation", { name: "Staff" });
  await expect(nav.getByRole("link", { name: "Inbox" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Reports" })).not.toHaveAttribute("aria-current", "page");
  const box = await nav.getByRole("link", { name: "Themes" }).boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  // The next stop is in the page itself, not the staff menu or Sign out.
  const focused = await page.evaluate(() => document.activeElement?.closest("nav.staff-bar") === null);
  expect(focused).toBe(true);
});
