import { test, expect } from "@playwright/test";
import { RECEIPT, coordinatorInbox, openAnswerPage, uniqueWords } from "./helpers";

test("a send whose answer is lost on the way back is retried, stored once, with one receipt", async ({ page, browser }) => {
  await openAnswerPage(page);
  const words = uniqueWords("The server got it but the phone never heard");
  let calls = 0;
  await page.route("**/api/v1/submissions", async (route) => {
    calls += 1;
    if (calls === 1) {
      // The request reaches the server and is stored; the connection drops before the answer arrives.
      await route.fetch();
      return route.abort("connectionreset");
    }
    return route.continue();
  });
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByRole("button", { name: "Send" }).click();

  await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });
  expect(calls).toBeGreaterThanOrEqual(2);
  const receipt = (await page.locator(".receipt-code").first().textContent())?.trim() ?? "";
  expect(receipt).toMatch(RECEIPT);

  const inbox = await coordinatorInbox(browser);
  const items = inbox.getByRole("article").filter({ hasText: words });
  await expect(items).toHaveCount(1);
  // Staff never see receipt codes; the code the phone was told about shows these words to its owner.
  await expect(items.first()).not.toContainText(receipt);
  const shown = await inbox.request.post("/receipt", { form: { code: receipt } });
  expect(await shown.text()).toContain(words);
  await inbox.context().close();
  await page.getByRole("button", { name: "Done" }).click();
});

test("two tabs sharing one outbox deliver a submission once", async ({ context, browser }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openAnswerPage(first);
  await openAnswerPage(second);
  const words = uniqueWords("Two tabs, one answer");
  // Every post that carries these words and reaches the server, from either tab (tries made while
  // offline fail in the browser and are not counted): the server would keep one copy anyway, so only
  // counting the posts shows whether the tabs took turns.
  const posts: string[] = [];
  context.on("requestfinished", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/v1/submissions") && (request.postData() ?? "").includes(words)) {
      posts.push(request.url());
    }
  });

  await context.setOffline(true);
  await first.getByLabel("What would you like to tell us?").fill(words);
  await first.getByRole("button", { name: "Send" }).click();
  await expect(first.getByText("Saved on this device. It will send by itself when you are back online.")).toBeVisible();

  // Both tabs hear the connection come back and both try to send what is in the shared outbox.
  await context.setOffline(false);
  await expect(first.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });

  // The second tab shows the same outcome from the shared outbox, without sending again.
  await expect(second.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });
  await first.waitForTimeout(1_000);
  expect(posts).toHaveLength(1);

  const inbox = await coordinatorInbox(browser);
  await expect(inbox.getByRole("article").filter({ hasText: words })).toHaveCount(1);
  await inbox.context().close();
  await first.getByRole("button", { name: "Done" }).click();
});
