import { test, expect, devices } from "@playwright/test";
import { RECEIPT, coordinatorInbox, expectAccessible, uniqueWords } from "./helpers";

// A conversation in two languages, as people use it: a coordinator translates it into Polish in the
// editor and sees what is missing; a Polish reader answers on a phone (what is not translated shows in
// English, marked as English); the inbox knows the answer was written in Polish and shows the choice
// in the conversation's own words.

test("a coordinator translates a conversation; a Polish reader answers; the inbox knows the language", async ({ browser, baseURL }) => {
  const staff = await coordinatorInbox(browser, baseURL);
  const title = uniqueWords("Kitchen");
  await staff.goto("/conversations");
  await staff.getByLabel("Title").fill(title);
  await staff.getByRole("button", { name: "Create" }).click();
  await expect(staff.getByRole("status")).toContainText("Conversation created.");
  const editor = staff.url().split("?")[0];
  const id = editor.split("/conversations/")[1];
  await staff.getByLabel("Wording of the new question").fill("When do you eat here?");
  await staff.getByLabel("Type of the new question").selectOption("choice");
  await staff.getByLabel("Choices of the new question").fill("Breakfast\nLunch");
  await staff.getByRole("button", { name: "Add question" }).click();
  await expect(staff.getByRole("status")).toContainText("Question added.");

  const polish = staff.getByRole("list", { name: "Translations" }).getByRole("listitem").filter({ hasText: "Polish" });
  await expect(polish).toContainText("4 of 4 parts are not translated yet");
  await polish.getByRole("link", { name: "Translate into Polish" }).click();
  await expect(staff.getByRole("heading", { name: "Translate into Polish", level: 1 })).toBeVisible();
  await expectAccessible(staff, "translate into Polish");
  await staff.getByLabel("Title in Polish").fill("Kuchnia");
  await staff.getByLabel("Question 1 in Polish").fill("Kiedy tu jesz?");
  await staff.getByLabel("Question 1, choice “Breakfast” in Polish").fill("Śniadanie");
  await staff.getByRole("button", { name: "Save the Polish translation" }).click();
  await expect(staff.getByRole("status")).toContainText("Translation saved.");
  await expect(staff.getByLabel("Title in Polish")).toHaveValue("Kuchnia");
  await expectAccessible(staff, "translation saved");
  await staff.screenshot({ path: "test-results/translate-polish.png", fullPage: true });
  await staff.getByRole("link", { name: "Back to editing" }).click();
  await expect(polish).toContainText("1 of 4 parts are not translated yet: Question 1, choice “Lunch”.");
  await staff.getByRole("button", { name: "Open the conversation" }).click();
  await expect(staff.getByRole("status")).toContainText("Open.");
  await expectAccessible(staff, "editor with languages");

  // A Polish reader on a phone.
  const context = await browser.newContext({ ...devices["Pixel 7"], baseURL, locale: "pl-PL" });
  const phone = await context.newPage();
  await phone.goto(`/c/${id}`);
  await expect(phone).toHaveURL(new RegExp(`/pl/c/${id}$`));
  await expect(phone.getByRole("heading", { name: "Kuchnia", level: 1 })).toBeVisible();
  await phone.getByRole("link", { name: "Zaczynam" }).click();
  await expect(phone.locator("form[data-ready]")).toHaveCount(1);
  await expect(phone.getByRole("radiogroup", { name: "Kiedy tu jesz?" }).or(phone.getByRole("group", { name: "Kiedy tu jesz?" }))).toBeVisible();
  await expect(phone.getByText("Lunch", { exact: true })).toHaveAttribute("lang", "en");
  await expect(phone.getByText("Śniadanie", { exact: true })).not.toHaveAttribute("lang", /.+/);
  await expectAccessible(phone, "Polish form with an English choice");
  await phone.screenshot({ path: "test-results/translated-form-polish.png", fullPage: true });
  await phone.getByRole("radio", { name: "Śniadanie" }).check();
  await phone.getByRole("button", { name: "Wyślij" }).click();
  await expect(phone.locator(".receipt-code").first()).toHaveText(RECEIPT);
  await context.close();

  // The inbox: written in Polish; the choice in the conversation's own words.
  await staff.goto(`/inbox?conversation=${id}`);
  await staff.getByLabel("Written in").selectOption("pl");
  await staff.getByRole("button", { name: "Show", exact: true }).click();
  const item = staff.getByRole("article", { name: /^Submission / });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Written inPolish");
  await expect(item.getByRole("definition").filter({ hasText: "Breakfast" })).toBeVisible();
  await expectAccessible(staff, "inbox filtered by language");
  await staff.getByLabel("Written in").selectOption("ar");
  await staff.getByRole("button", { name: "Show", exact: true }).click();
  await expect(staff.getByRole("article", { name: /^Submission / })).toHaveCount(0);
});
