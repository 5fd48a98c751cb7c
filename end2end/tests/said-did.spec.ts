import { test, expect, type Browser } from "@playwright/test";
import {
  ADMIN,
  RECEIPT,
  coordinatorInbox,
  expectAccessible,
  expectAccessibleWithoutJs,
  openAnswerPage,
  uniqueWords,
} from "./helpers";

/** A participant's own browser with JavaScript switched off: the receipt and public pages are plain HTML. */
async function noJsPage(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return context.newPage();
}

test("you said, we did: send → link → update → the receipt shows it → take it back → gone everywhere", async ({ page, browser }) => {
  // The public page, whatever it holds yet, is accessible.
  await page.goto("/you-said-we-did");
  await expect(page.getByRole("heading", { name: "You said, we did", level: 1 })).toBeVisible();
  await expectAccessible(page, "you said, we did, before this test");

  // A participant sends, agreeing to be quoted and asking to hear what happens.
  const words = uniqueWords("The kitchen closes too early");
  await openAnswerPage(page);
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByRole("checkbox", { name: "You can share my words without my name" }).check();
  await page.getByRole("checkbox", { name: "I want to hear what happens next" }).check();
  await page.getByRole("button", { name: "Send" }).click();
  const code = page.locator(".receipt-code").first();
  await expect(code).toHaveText(RECEIPT);
  const receipt = ((await code.textContent()) ?? "").trim();

  // Before anyone acts, the receipt says nobody has read it yet.
  const participant = await noJsPage(browser);
  await participant.goto(`/receipt/${receipt}`);
  await expect(participant.getByText("Nobody has read your answers yet.")).toBeVisible();
  await expect(participant.getByText("We have not decided anything yet.")).toBeVisible();

  // A coordinator publishes it as a quote, makes an action, and links it from the inbox.
  const staff = await coordinatorInbox(browser);
  await staff.getByLabel("Search the text").fill(words);
  await staff.getByRole("button", { name: "Show" }).click();
  const item = staff.getByRole("article").filter({ hasText: words });
  await expect(item).toHaveCount(1);
  await expect(item.getByText("Not opened yet")).toBeVisible();
  await item.getByRole("link", { name: /^Moderate submission / }).click();
  await staff.getByRole("button", { name: "Publish as a quote" }).click();
  await expect(staff.getByRole("status")).toContainText("Published");

  await staff.getByRole("navigation", { name: "Staff" }).getByRole("link", { name: "Actions" }).click();
  await expect(staff.getByRole("heading", { name: "Actions", level: 1 })).toBeVisible();
  await expectAccessible(staff, "actions list");
  const title = uniqueWords("Kitchen open until 3pm");
  await staff.getByLabel("Title").fill(title);
  await staff.getByRole("button", { name: "Create action" }).click();
  await expect(staff.getByRole("status")).toContainText("Action created");
  await staff.getByLabel("What we heard").fill("People said the kitchen shuts before they get here.");
  await staff.getByLabel("What we are doing").fill("The kitchen will stay open until 3pm.");
  await staff.getByLabel("Status").selectOption({ label: "Doing it now" });
  await staff.getByLabel("Money").fill("No extra cost. Volunteers cover the hour.");
  await staff.getByLabel("When").fill("From next Monday.");
  await staff.getByLabel("How it was decided, and by whom").fill("The team and the members' group, together.");
  await staff.getByRole("button", { name: "Save" }).click();
  await expect(staff.getByRole("status")).toContainText("Saved.");
  await expectAccessible(staff, "action editor, saved");
  await staff.screenshot({ path: "test-results/action-editor.png", fullPage: true });
  // "Not doing" needs the reason.
  await staff.getByLabel("Status").selectOption({ label: "Not doing" });
  await staff.getByRole("button", { name: "Save" }).click();
  await expect(staff.getByRole("alert")).toContainText("Say why you are not doing it.");
  await expectAccessible(staff, "action editor, reason missing");
  await expect(staff.getByLabel("Status")).toHaveValue("in_progress");

  await staff.goto(`/inbox?q=${encodeURIComponent(words)}`);
  await staff.getByRole("article").filter({ hasText: words }).getByRole("checkbox", { name: /^Tick to link submission / }).check();
  await staff.getByLabel("Link the ticked submissions to").selectOption({ label: title });
  await staff.getByRole("button", { name: "Link", exact: true }).click();
  await expect(staff.getByRole("status")).toContainText("Linked to the action.");
  await expect(staff).toHaveURL(/q=/);
  await expectAccessible(staff, "inbox after linking");
  await staff.screenshot({ path: "test-results/inbox-linking.png", fullPage: true });

  // Published, then an update.
  await staff.goto("/actions");
  await staff.getByRole("link", { name: title }).click();
  await staff.getByRole("button", { name: "Publish" }).click();
  await expect(staff.getByRole("status")).toContainText("Published.");
  const update = uniqueWords("New kitchen hours start Monday");
  await staff.getByLabel("New update").fill(update);
  await staff.getByRole("button", { name: "Add update" }).click();
  await expect(staff.getByRole("status")).toContainText("Update added.");
  await expect(staff.getByText("1 submission linked")).toBeVisible();
  await staff.goto(`/inbox?action=${new URL(staff.url()).pathname.split("/").pop()}`);
  await staff.getByRole("article").filter({ hasText: words }).getByRole("link", { name: /^Moderate submission / }).click();
  await expect(staff.getByRole("region", { name: "Actions" }).getByRole("link", { name: title })).toBeVisible();
  await expectAccessible(staff, "submission linked to an action");

  // The participant sees that it was read, the action and the update, marked new.
  await participant.goto(`/receipt/${receipt}`);
  await expect(participant.getByText("Someone in our team has read your answers.")).toBeVisible();
  const action = participant.getByRole("article", { name: title });
  await expect(action).toContainText("Doing it now");
  await expect(action).toContainText(update);
  await expect(action.getByText("New", { exact: true })).toBeVisible();
  await expect(participant.getByText("1 new update since you last looked")).toBeVisible();
  await expectAccessibleWithoutJs(browser, participant.url(), "receipt with an action update");
  await participant.screenshot({ path: "test-results/receipt-with-update.png", fullPage: true });

  // The public page, with no sign-in and no JavaScript: grouped by status, with the quote.
  await participant.getByRole("link", { name: "See what we did with what people told us" }).click();
  await expect(participant.getByRole("heading", { name: "You said, we did", level: 1 })).toBeVisible();
  const group = participant.getByRole("region", { name: "Things we are doing now" });
  const published = group.getByRole("article", { name: title });
  await expect(published).toContainText(words);
  await expect(published).toContainText(update);
  await expect(published).toContainText("No extra cost.");
  await expectAccessibleWithoutJs(browser, participant.url(), "you said, we did");
  await participant.screenshot({ path: "test-results/you-said-we-did.png", fullPage: true });
  await participant.emulateMedia({ media: "print" });
  await participant.screenshot({ path: "test-results/you-said-we-did-print.png", fullPage: true });
  // On paper: the action and its words, and none of the site's chrome (buttons, the leave link).
  await expect(published).toBeVisible();
  await expect(published).toContainText(words);
  await expect(participant.getByRole("heading", { name: "You said, we did", level: 1 })).toBeVisible();
  await expect(participant.getByRole("link", { name: "Leave this page" })).toBeHidden();
  for (const button of await participant.getByRole("button").all()) await expect(button).toBeHidden();
  await participant.emulateMedia({ media: "screen" });
  await expect(participant.getByRole("link", { name: "Leave this page" })).toBeVisible();

  // The participant takes it back.
  await participant.goto(`/receipt/${receipt}/withdraw`);
  await participant.getByRole("button", { name: "Yes, delete my answers" }).click();
  await expect(participant.getByRole("heading", { name: "Your answers are deleted" })).toBeVisible();

  // Gone from the public page, the inbox and the export; the action stays.
  await participant.goto("/you-said-we-did");
  await expect(participant.getByRole("article", { name: title })).toBeVisible();
  await expect(participant.getByText(words)).toHaveCount(0);
  await staff.goto(`/inbox?q=${encodeURIComponent(words)}`);
  await expect(staff.getByText("Nothing matches these filters.")).toBeVisible();
  const csv = await staff.request.get("/export/submissions.csv");
  expect(csv.ok()).toBeTruthy();
  const exported = await csv.text();
  expect(exported).not.toContain(receipt);
  expect(exported).not.toContain(words);
  await staff.goto("/actions");
  await expect(staff.getByRole("listitem").filter({ hasText: title })).toContainText("No submissions linked yet");
  await participant.context().close();
  await staff.context().close();

  // The audit log shows the withdrawal, without the words.
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/signin?next=/audit");
  await admin.getByLabel("Email").fill(ADMIN.email);
  await admin.getByLabel("Password").fill(ADMIN.password);
  await admin.getByRole("button", { name: "Sign in" }).click();
  const entries = admin.getByRole("list", { name: "Entries, newest first" }).getByRole("listitem");
  await expect(entries.filter({ hasText: "Taken back by the participant" }).first()).toBeVisible();
  await expect(admin.getByText(words)).toHaveCount(0);
  await admin.context().close();
});
