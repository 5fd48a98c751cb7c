import { test, expect, type Page } from "@playwright/test";
import { COORDINATOR, expectAccessible, uniqueWords } from "./helpers";

async function signedInCoordinator(page: Page, next: string) {
  await page.goto(`/signin?next=${next}`);
  await page.getByLabel("Email").fill(COORDINATOR.email);
  await page.getByLabel("Password").fill(COORDINATOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Creates a conversation with two questions and returns its editor URL. */
async function build(page: Page, title: string) {
  await signedInCoordinator(page, "/conversations");
  await expect(page.getByRole("heading", { name: "Conversations", level: 1 })).toBeVisible();
  await expectAccessible(page, "conversations");
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status")).toContainText("Conversation created.");
  await expectAccessible(page, "new conversation");
  await page.getByLabel("Wording of the new question").fill("What would make the kitchen better?");
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByRole("status")).toContainText("Question added.");
  await page.getByLabel("Wording of the new question").fill("When do you eat here?");
  await page.getByLabel("Type of the new question").selectOption("choice");
  await page.getByLabel("Choices of the new question").fill("Breakfast\nLunch\nBoth");
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByRole("status")).toContainText("Question added.");
  return page.url().split("?")[0];
}

test("a coordinator writes a conversation, reorders and previews it, opens it, and a participant answers", async ({ page, browser }) => {
  const title = uniqueWords("Kitchen hours");
  const editor = await build(page, title);

  // Reorder: the choice question first.
  await page.getByRole("button", { name: "Move up: When do you eat here?" }).click();
  await expect(page.getByRole("status")).toContainText("Question moved.");
  const questions = page.getByRole("list", { name: "Questions, in order" }).getByRole("heading");
  await expect(questions).toHaveText(["When do you eat here?", "What would make the kitchen better?"]);

  // The promises.
  await page.getByLabel("Why we ask").fill("The kitchen closes early. We want to know when you need it.");
  await page.getByLabel("How answers are used").fill("We will change the hours if many people ask.");
  await page.getByLabel("Closing date (optional)").fill("2099-06-30");
  await page.getByRole("button", { name: "Save title and promises" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  await expectAccessible(page, "conversation editor with questions");
  await page.screenshot({ path: "test-results/conversation-editor.png", fullPage: true });

  // Preview: the participant's words, in order, and nothing to send.
  await page.getByRole("link", { name: "Preview what participants see" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText("The kitchen closes early.")).toBeVisible();
  await expect(page.getByText("30 June 2099")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send" })).toHaveCount(0);
  await expect(page.getByRole("radio", { name: "Breakfast" })).toBeDisabled();
  await expectAccessible(page, "preview");
  await page.screenshot({ path: "test-results/conversation-preview.png", fullPage: true });

  // Closed until opened: participants do not see it yet.
  const participant = await (await browser.newContext()).newPage();
  await participant.goto("/");
  await expect(participant.getByRole("link", { name: title })).toHaveCount(0);
  await page.goto(editor);
  await page.getByRole("button", { name: "Open the conversation" }).click();
  await expect(page.getByRole("status")).toContainText("Participants can answer now.");

  await participant.goto("/");
  await participant.getByRole("link", { name: title }).click();
  await expect(participant.getByText("We will change the hours if many people ask.")).toBeVisible();
  await participant.getByRole("link", { name: "Start" }).click();
  await expect(participant.locator("form[data-ready]")).toHaveCount(1);
  const words = uniqueWords("Open at six please");
  await participant.getByRole("radio", { name: "Both" }).check();
  await participant.getByLabel("What would make the kitchen better?").fill(words);
  await participant.getByRole("button", { name: "Send" }).click();
  await expect(participant.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });

  await page.goto("/conversations");
  await page.getByRole("link", { name: `Read the input to ${title}` }).click();
  await expect(page.getByRole("article").filter({ hasText: words })).toHaveCount(1);
});

test("closing a conversation keeps answers still waiting in a phone's outbox, marked late", async ({ page, browser }) => {
  const title = uniqueWords("Late bus");
  const editor = await build(page, title);
  await page.getByRole("button", { name: "Open the conversation" }).click();
  await expect(page.getByRole("status")).toContainText("Participants can answer now.");
  const id = editor.split("/").pop();

  // The participant opens the form, loses signal, and sends: it waits in the outbox.
  const context = await browser.newContext();
  const phone = await context.newPage();
  await phone.goto(`/c/${id}/answer`);
  await expect(phone.locator("form[data-ready]")).toHaveCount(1);
  await context.setOffline(true);
  const words = uniqueWords("Written on the bus with no signal");
  await phone.getByLabel("What would make the kitchen better?").fill(words);
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(phone.getByText("Saved on this device. It will send by itself when you are back online.")).toBeVisible();

  // Meanwhile the coordinator closes the conversation.
  await page.getByRole("button", { name: "Close the conversation" }).click();
  await expect(page.getByRole("status")).toContainText("Answers still waiting on people's phones will arrive");
  await expectAccessible(page, "conversation closed");

  // Signal returns: the answer arrives, once, marked late.
  await context.setOffline(false);
  await expect(phone.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });
  await page.goto(`/inbox?conversation=${id}`);
  const items = page.getByRole("article").filter({ hasText: words });
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("Arrived after closing");
  await expectAccessible(page, "inbox with a late arrival");
  await context.close();
});
