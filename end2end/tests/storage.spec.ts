import { test, expect } from "@playwright/test";
import { coordinatorInbox, expectAccessible, openAnswerPage, uniqueWords } from "./helpers";

test("(e) storage unavailable: a plain message, and sending still works while online", async ({ page, browser }) => {
  // As in a private window or on a full phone: every write to storage is refused.
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  await openAnswerPage(page);
  await expect(page.getByText("This device cannot save your answers as you type.")).toBeVisible();
  await expect(page.getByText("Your answers are saved on this device as you type.")).toHaveCount(0);
  await expectAccessible(page, "storage unavailable");

  const words = uniqueWords("Nowhere to keep this");
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByRole("button", { name: "Send" }).click();
  // The outbox cannot hold it, so the form posts as plain HTML and the receipt page comes back.
  await expect(page.getByRole("heading", { name: "Your answers were sent" })).toBeVisible();
  await expect(page.getByText(words)).toBeVisible();
  await expectAccessible(page, "sent without storage");

  const inbox = await coordinatorInbox(browser);
  await expect(inbox.getByRole("article").filter({ hasText: words })).toHaveCount(1);
  await inbox.context().close();
});
