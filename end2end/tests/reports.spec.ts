import { test, expect } from "@playwright/test";
import { ADMIN, coordinatorInbox, expectAccessible, openAnswerPage, signIn, uniqueWords } from "./helpers";

test("a coordinator reads the report for a period, with charts and tables, and prints the board pack", async ({ page, browser }, testInfo) => {
  // Something to count.
  await openAnswerPage(page);
  await page.getByLabel("What would you like to tell us?").fill(uniqueWords("Counted in the report"));
  await page.getByLabel("Happy", { exact: true }).check();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });

  const staff = await coordinatorInbox(browser);
  await staff.getByRole("link", { name: "Reports" }).click();
  await expect(staff.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
  await expect(staff.getByRole("term").filter({ hasText: "Submissions" }).first()).toBeVisible();
  // Each chart is an image with a name, and its figures are in a table beside it.
  await expect(staff.getByRole("img", { name: "Submissions by channel" })).toBeVisible();
  const channels = staff.getByRole("table", { name: "By channel: the figures" });
  await expect(channels.getByRole("row", { name: /Own device/ })).toBeVisible();
  await expect(staff.getByRole("img", { name: "How people feel about the service" })).toBeVisible();
  await expectAccessible(staff, "reports");
  await staff.screenshot({ path: testInfo.outputPath("reports.png"), fullPage: true });

  // Another period, chosen with the form; then one that cannot be.
  const today = new Date().toISOString().slice(0, 10);
  await staff.getByLabel("From").fill(today);
  await staff.getByRole("button", { name: "Show" }).click();
  await expect(staff).toHaveURL(new RegExp(`from=${today}`));
  await expect(staff.getByRole("img", { name: "Submissions per day" })).toBeVisible();
  await staff.goto("/reports?from=2026-05-01&to=2026-04-01");
  await expect(staff.getByRole("alert")).toContainText("The start date must be on or before the end date.");
  await expectAccessible(staff, "reports with a bad period");

  // The board pack, as it prints on A4.
  await staff.goto("/reports");
  await staff.getByRole("link", { name: "Board pack, ready to print" }).click();
  await expect(staff.getByRole("heading", { name: "Board pack", level: 1 })).toBeVisible();
  await expectAccessible(staff, "board pack");
  await staff.emulateMedia({ media: "print" });
  await staff.setViewportSize({ width: 794, height: 1123 });
  await expect(staff.getByRole("link", { name: "Back to reports" })).toBeHidden();
  // On paper: the figures and their charts, without the staff bar or any button.
  await expect(staff.getByRole("heading", { name: "Board pack", level: 1 })).toBeVisible();
  await expect(staff.getByRole("img").first()).toBeVisible();
  for (const button of await staff.getByRole("button").all()) await expect(button).toBeHidden();
  await staff.screenshot({ path: testInfo.outputPath("board-pack-print.png"), fullPage: true });
  await staff.context().close();
});

test("an admin sets how long words are kept, and a mistake is explained", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Keeping data" }).click();
  await expect(page.getByRole("heading", { name: "Keeping data", level: 1 })).toBeVisible();
  await expectAccessible(page, "keeping data");
  await page.getByLabel("Keep words for this many days (all conversations)").fill("thirty");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a whole number of days");
  await expectAccessible(page, "keeping data with a mistake");
  await page.getByLabel("Keep words for this many days (all conversations)").fill("730");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  await expect(page.getByLabel("Keep words for this many days (all conversations)")).toHaveValue("730");
  // Back to no rule, so other tests' data is untouched.
  await page.getByLabel("Keep words for this many days (all conversations)").fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  await context.close();
});

test("a coordinator asks a reach question; a participant answers it; the report never shows a count under 5", async ({ page, browser }) => {
  const staff = await coordinatorInbox(browser);
  await staff.goto("/reach");
  await expect(staff.getByRole("heading", { name: "Reach questions", level: 1 })).toBeVisible();
  await expectAccessible(staff, "reach questions, none yet");
  const prompt = uniqueWords("How do you use the service?");
  await staff.getByLabel("Question").fill(prompt);
  await staff.getByLabel("Choices, one per line").fill("Drop-in\nPhone\nOnline");
  await staff.getByLabel("Population figures, % (optional, one per choice)").fill("50\n30\n20");
  await staff.getByRole("button", { name: "Add question" }).click();
  await expect(staff.getByRole("status")).toContainText("Question added.");
  await expectAccessible(staff, "reach questions, one added");

  // The participant may answer, or skip it.
  await openAnswerPage(page);
  await expect(page.getByRole("group", { name: "About you (you can skip these)" })).toBeVisible();
  await page.getByLabel("What would you like to tell us?").fill(uniqueWords("Said with a reach answer"));
  await page.getByRole("group", { name: prompt }).getByLabel("Phone").check();
  await expectAccessible(page, "answer page with a reach question");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Done" }).click();

  await staff.goto("/reports");
  const table = staff.getByRole("table", { name: `${prompt}: the figures` });
  await expect(table.getByRole("row", { name: /Phone/ })).toContainText("fewer than 5");
  await expect(table.getByRole("row", { name: /Phone/ })).toContainText("30%");
  await expect(table).not.toContainText(/\b1\b/);
  // Nowhere in the whole figure either: heading, totals, the chart's drawing, title and description.
  const figure = staff.getByRole("figure").filter({ has: staff.getByRole("heading", { name: prompt }) });
  await expect(figure).toHaveCount(1);
  const everything = await figure.evaluate((el) => el.textContent ?? "");
  expect(everything).toContain("fewer than 5");
  expect(everything).not.toMatch(/\b1\b/);
  await expectAccessible(staff, "reports with reach");

  // Tidy up for the other tests.
  await staff.goto("/reach");
  await staff.getByRole("region", { name: prompt }).getByRole("button", { name: "Remove this question" }).click();
  await expect(staff.getByRole("status")).toContainText("Question removed");
  await staff.context().close();
});
