import { test, expect, type Page } from "@playwright/test";
import { ADMIN, coordinatorInbox, expectAccessible, expectAccessibleAfterPost, expectAccessibleWithoutJs, uniqueWords } from "./helpers";

/** Sends one submission through the sync API and returns its receipt code. */
async function sendOne(page: Page, text: string) {
  const res = await page.request.post("/api/v1/submissions", {
    data: {
      submissions: [
        {
          id: crypto.randomUUID(),
          conversation_id: "tell-us-anything",
          created_at: new Date().toISOString(),
          channel: "own_device",
          answers: [{ question_id: "say", text }],
          consent: { quote: false, board: false, updates: true },
        },
      ],
    },
  });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).results[0].receipt as string;
}

test("a participant finds their answers by receipt code and takes them back, with no JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const words = uniqueWords("Please do not keep this");
  const receipt = await sendOne(page, words);
  // Every address this tab goes to: the code must be in none of them, so the history never holds it.
  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });

  await page.goto("/");
  await page.getByRole("link", { name: "Check answers you sent, with your receipt code" }).click();
  await expect(page.getByRole("heading", { name: "Check your answers", level: 1 })).toBeVisible();
  await expectAccessibleWithoutJs(browser, page.url(), "receipt lookup");

  // A code typed wrongly, then a code that matches nothing: plain, kind answers.
  await page.getByLabel("Receipt code").fill("hello");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("alert")).toContainText("That does not look like a receipt code.");
  await expectAccessibleWithoutJs(browser, page.url(), "receipt lookup, not a code");
  await page.getByLabel("Receipt code").fill("ABCD-2345");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("heading", { name: "We could not find that code" })).toBeVisible();

  // The right code, typed in small letters without the dash.
  await page.goto("/receipt");
  await page.getByLabel("Receipt code").fill(receipt.replace("-", "").toLowerCase());
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText(words)).toBeVisible();
  await expectAccessibleAfterPost(browser, "/receipt", { code: receipt }, "receipt page");

  // "No, keep them" goes back to the receipt; then take them back for real.
  await page.getByRole("button", { name: "Take back your answers" }).click();
  await expect(page.getByRole("heading", { name: "Take back your answers?" })).toBeVisible();
  await page.getByRole("button", { name: "No, keep them" }).click();
  await expect(page.getByText(words)).toBeVisible();
  await page.getByRole("button", { name: "Take back your answers" }).click();
  await expectAccessibleAfterPost(browser, "/receipt/withdraw", { code: receipt }, "take back, confirm");
  await page.getByRole("button", { name: "Yes, delete my answers" }).click();
  await expect(page.getByRole("heading", { name: "Your answers are deleted" })).toBeVisible();
  await expect(page.getByText(words)).toHaveCount(0);
  await expectAccessibleAfterPost(browser, "/receipt", { code: receipt }, "answers deleted");
  await page.screenshot({ path: "test-results/withdrawn.png", fullPage: true });
  expect(visited.length).toBeGreaterThan(5);
  for (const url of visited) {
    expect(url.toUpperCase(), "an address with the code").not.toContain(receipt.replace("-", ""));
    expect(url.toUpperCase(), "an address with the code").not.toContain(receipt);
  }
  await context.close();

  // Gone from the inbox; the audit log says it happened.
  const inbox = await coordinatorInbox(browser);
  await expect(inbox.getByRole("article").filter({ hasText: words })).toHaveCount(0);
  await expect(inbox.getByText(receipt)).toHaveCount(0);
  await inbox.context().close();
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/signin?next=/audit");
  await admin.getByLabel("Email").fill(ADMIN.email);
  await admin.getByLabel("Password").fill(ADMIN.password);
  await admin.getByRole("button", { name: "Sign in" }).click();
  const entries = admin.getByRole("list", { name: "Entries, newest first" }).getByRole("listitem");
  await expect(entries.first()).toContainText("Taken back by the participant");
  await expect(admin.getByText(words)).toHaveCount(0);
  await expectAccessible(admin, "audit log with a withdrawal");
});
