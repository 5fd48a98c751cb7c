import { test, expect, type Page, type Locator } from "@playwright/test";
import { ADMIN, COORDINATOR, expectAccessible, uniqueWords } from "./helpers";

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never gets there. */
async function tabTo(page: Page, target: Locator, most = 80) {
  const handle = await target.elementHandle();
  for (let i = 0; i < most; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Sends one submission through the sync API, as a participant's outbox would. */
async function sendOne(page: Page, text: string, quote: boolean) {
  const id = crypto.randomUUID();
  const res = await page.request.post("/api/v1/submissions", {
    data: {
      submissions: [
        {
          id,
          conversation_id: "tell-us-anything",
          created_at: new Date().toISOString(),
          channel: "own_device",
          answers: [
            { question_id: "say", text },
            { question_id: "feeling", scale: 2 },
          ],
          consent: { quote, board: true, updates: false },
        },
      ],
    },
  });
  expect(res.ok()).toBeTruthy();
  const body = await res.json();
  return body.results[0].receipt as string;
}

test("a coordinator moderates with the keyboard only: publish, redact, tag, flag", async ({ page, browser }) => {
  const words = uniqueWords("keyboard");
  const text = `Jo Bloggs here. The ramp at the back door is broken ${words}. Ring 07700 900123.`;
  const receipt = await sendOne(page, text, true);

  // Sign in with the keyboard.
  await page.goto("/signin?next=/inbox");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(COORDINATOR.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(COORDINATOR.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();

  // Search for it, then open it.
  await tabTo(page, page.getByLabel("Search the text"));
  await page.keyboard.type(words.toUpperCase());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=KEYBOARD/);
  const items = page.getByRole("list", { name: "Submissions, newest first" }).getByRole("article");
  await expect(items).toHaveCount(1);
  await expectAccessible(page, "inbox, searched");
  // Staff name it by its own reference, never by the person's receipt code.
  await expect(items.first()).not.toContainText(receipt);
  const moderate = items.first().getByRole("link", { name: /^Moderate submission [0-9A-F]{8}$/ });
  const reference = ((await moderate.getAttribute("aria-label")) ?? "").replace("Moderate submission ", "");
  await tabTo(page, moderate);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: `Submission ${reference}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText(receipt);
  await expect(page.locator("form.redact[data-ready]")).toHaveCount(1);
  await expectAccessible(page, "submission, new");

  // Publish (they agreed to be quoted).
  await tabTo(page, page.getByRole("button", { name: "Publish as a quote" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Published.");
  await expectAccessible(page, "submission, published");

  // Redact the name by selecting it with Shift and the arrow keys.
  const answer = page.getByLabel("Answer to: What would you like to tell us?");
  await tabTo(page, answer);
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < "Jo Bloggs".length; i++) await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByLabel("Words to remove")).toHaveValue("Jo Bloggs");
  // Typing in the answer changes nothing.
  await page.keyboard.type("x");
  await expect(answer).toHaveValue(text);
  await tabTo(page, page.getByRole("button", { name: "Remove these words" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Removed.");
  // And the phone number by typing it.
  await tabTo(page, page.getByLabel("Words to remove"));
  await page.keyboard.type("07700 900123");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Removed.");
  await expect(page.getByText(`[removed] here. The ramp at the back door is broken ${words}. Ring [removed].`).first()).toBeVisible();
  await expect(page.getByText(text)).toBeVisible();
  await expectAccessible(page, "submission, redacted");

  // Tag it with a new theme.
  await tabTo(page, page.getByLabel("Or a new theme"));
  await page.keyboard.type("Getting in");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Theme added.");
  await expect(page.getByRole("button", { name: "Remove theme Getting in" })).toBeVisible();

  // Flag it for safeguarding, then mark it in progress.
  await tabTo(page, page.getByLabel("What worries you (optional)"));
  await page.keyboard.type("Says they cannot get in at all");
  await tabTo(page, page.getByRole("button", { name: "Flag for safeguarding" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Flagged for safeguarding.");
  await tabTo(page, page.getByRole("button", { name: "Mark in progress" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Safeguarding: in progress.", { exact: false }).first()).toBeVisible();
  // A private note.
  await tabTo(page, page.getByLabel("Add a note"));
  await page.keyboard.type("Asked facilities to look at the ramp.");
  await tabTo(page, page.getByRole("button", { name: "Add note" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Note added.");
  await expectAccessible(page, "submission, tagged, flagged and noted");
  await page.screenshot({ path: "test-results/moderation.png", fullPage: true });

  // The safeguarding list, through the staff bar.
  await tabTo(page, page.getByRole("link", { name: "Safeguarding", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Safeguarding", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Open flags, oldest first" })).toContainText("Says they cannot get in at all");
  await expectAccessible(page, "safeguarding list");

  // Themes page.
  await tabTo(page, page.getByRole("link", { name: "Themes", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Getting in" })).toBeVisible();
  await expectAccessible(page, "themes");

  // The participant's receipt shows the redacted words only.
  const participant = await (await browser.newContext()).newPage();
  await participant.goto(`/receipt/${receipt}`);
  await expect(participant.getByText(`[removed] here. The ramp at the back door is broken ${words}. Ring [removed].`)).toBeVisible();
  await expect(participant.getByText("Jo Bloggs")).toHaveCount(0);
  await expect(participant.getByText("We took out some personal details")).toBeVisible();
  await expectAccessible(participant, "receipt, redacted");
});

test("filters, themes merge and the audit log of moderation", async ({ page }) => {
  const words = uniqueWords("filters");
  await sendOne(page, `No quotes please ${words}`, false);
  const quotable = await sendOne(page, `Happy to be quoted ${words}`, true);

  await page.goto("/signin?next=/themes");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Themes", level: 1 })).toBeVisible();
  for (const name of ["Food", "Meals"]) {
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Create theme" }).click();
    await expect(page.getByRole("status")).toContainText("Theme created.");
  }
  await page.getByLabel("Name", { exact: true }).fill("food");
  await page.getByRole("button", { name: "Create theme" }).click();
  await expect(page.getByRole("alert")).toContainText("There is already a theme with that name.");
  await expectAccessible(page, "themes, name taken");
  await page.getByLabel("Merge Meals into").selectOption({ label: "Food" });
  await page.getByRole("button", { name: "Merge" }).last().click();
  await expect(page.getByRole("status")).toContainText("Themes merged.");
  await expect(page.getByRole("heading", { name: "Meals" })).toHaveCount(0);

  // Publishing without consent is not offered; with consent it is.
  await page.goto(`/inbox?q=${encodeURIComponent(words)}`);
  const items = page.getByRole("list", { name: "Submissions, newest first" }).getByRole("article");
  await expect(items).toHaveCount(2);
  await items.filter({ hasText: "No quotes please" }).getByRole("link", { name: /^Moderate/ }).click();
  await expect(page.getByText("They did not agree to be quoted")).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish as a quote" })).toHaveCount(0);
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(page.getByRole("status")).toContainText("Hidden.");

  // Filter by status.
  await page.goto(`/inbox?q=${encodeURIComponent(words)}`);
  await page.getByText("More filters").click();
  await page.getByLabel("Status", { exact: true }).selectOption("hidden");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("No quotes please");
  await expect(items.first()).not.toContainText(quotable);
  await expectAccessible(page, "inbox, filtered");
  await page.getByLabel("Status", { exact: true }).selectOption("published");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("Nothing matches these filters.")).toBeVisible();
  await expectAccessible(page, "inbox, nothing matches");

  // The audit log shows moderation under its own filter.
  await page.goto("/audit");
  await page.getByLabel("Show").selectOption({ label: "Moderation" });
  await page.getByRole("button", { name: "Filter" }).click();
  const entries = page.getByRole("list", { name: "Entries, newest first" }).getByRole("listitem");
  await expect(entries.first()).toContainText("Hidden");
  await page.getByLabel("Show").selectOption({ label: "Themes" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(entries.first()).toContainText("Themes merged");
  await expectAccessible(page, "audit log, themes");
});
