import { test, expect, type Page } from "@playwright/test";
import { RECEIPT, expectAccessible, uniqueWords } from "./helpers";

// Polish and Arabic journeys on a phone: send, send with no signal, the receipt, taking answers back,
// leaving; the chooser and the remembered choice; Arabic right to left; narrow screens.

const LEAVE_URL = /^https:\/\/www\.bbc\.co\.uk\/weather/;
const QUESTION = "What would you like to tell us?";

test.beforeEach(async ({ context }) => {
  await context.route(LEAVE_URL, (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Weather</title><h1>Weather</h1>" }),
  );
});

async function ready(page: Page) {
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
}

/** Nothing wider than the screen: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page, state: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `sideways scroll on "${state}"`).toBeLessThanOrEqual(0);
}

test("in Polish: start, promises, send, receipt, all in Polish and accessible", async ({ page }) => {
  await page.goto("/pl/");
  await expect(page.locator("html")).toHaveAttribute("lang", "pl");
  await expect(page.getByRole("heading", { level: 1, name: "Powiedz, co myślisz" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Język" }).getByRole("link", { name: "Polski" })).toHaveAttribute("aria-current", "page");
  await expectAccessible(page, "Polish start page");
  await page.getByRole("link", { name: "Tell us anything" }).click();
  await expect(page.getByRole("heading", { name: "Dlaczego pytamy" })).toBeVisible();
  await expectAccessible(page, "Polish promises");
  await page.getByRole("link", { name: "Zaczynam" }).click();
  await expect(page).toHaveURL(/\/pl\/c\/tell-us-anything\/answer$/);
  await ready(page);
  await expect(page.getByText("Możesz to pominąć.").first()).toBeVisible();
  await expectAccessible(page, "Polish form");
  const words = uniqueWords("Po polsku");
  await page.getByLabel(QUESTION).fill(words);
  await page.getByRole("button", { name: "Wyślij" }).click();
  await expect(page.getByRole("heading", { name: "Dziękujemy. Mamy Twoje odpowiedzi." })).toBeVisible();
  await expect(page.locator(".receipt-code").first()).toHaveText(RECEIPT);
  await expectAccessible(page, "Polish receipt after sending");
  await page.screenshot({ path: "test-results/languages-polish-sent.png", fullPage: true });
  await page.getByRole("button", { name: "Gotowe" }).click();
  await expect(page.getByRole("heading", { name: "Dziękujemy. Mamy Twoje odpowiedzi." })).toHaveCount(0);
});

test("in Polish with no signal: the answer waits, says so in Polish, and sends later", async ({ page }) => {
  await page.goto("/pl/c/tell-us-anything/answer");
  await ready(page);
  await page.route("**/api/v1/submissions", (route) => route.abort("connectionreset"));
  await page.getByLabel(QUESTION).fill(uniqueWords("Bez internetu"));
  await page.getByRole("button", { name: "Wyślij" }).click();
  await expect(page.getByText("Zapisane na tym urządzeniu. Wyśle się samo, gdy wróci internet.")).toBeVisible();
  await expect(page.getByText("1 odpowiedź czeka na wysłanie.")).toBeVisible();
  await expectAccessible(page, "Polish answer waiting to send");
  await page.unroute("**/api/v1/submissions");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Dziękujemy. Mamy Twoje odpowiedzi." })).toBeVisible();
});

test("in Arabic: right to left, send, check the receipt, take the answers back, leave", async ({ page }) => {
  await page.goto("/ar/c/tell-us-anything/answer");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await ready(page);
  expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
  await expectAccessible(page, "Arabic form");
  await page.getByLabel(QUESTION).fill("الخدمة جيدة لكن الانتظار طويل");
  await page.getByRole("button", { name: "أرسل" }).click();
  await expect(page.getByRole("heading", { name: "شكرًا لك. وصلتنا إجاباتك." })).toBeVisible();
  const code = (await page.locator(".receipt-code").first().textContent())!.trim();
  expect(code).toMatch(RECEIPT);
  await expectAccessible(page, "Arabic receipt after sending");
  await page.screenshot({ path: "test-results/languages-arabic-sent.png", fullPage: true });
  await page.getByRole("button", { name: "تم" }).click();

  await page.goto("/ar/receipt");
  await page.getByLabel("رمز الإيصال").fill(code);
  await page.getByRole("button", { name: "راجع" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "أُرسلت إجاباتك" })).toBeVisible();
  await expect(page.getByText("الخدمة جيدة لكن الانتظار طويل")).toBeVisible();
  await expectAccessible(page, "Arabic receipt page");
  await page.getByRole("button", { name: "اسحب إجاباتك" }).click();
  await expect(page.getByRole("heading", { name: "هل تريد سحب إجاباتك؟" })).toBeVisible();
  await expectAccessible(page, "Arabic take back");
  await page.getByRole("button", { name: "نعم، احذف إجاباتي" }).click();
  await expect(page.getByRole("heading", { name: "حُذفت إجاباتك" })).toBeVisible();
  // Arabic is remembered on this device, until someone leaves: on a shared tablet the last person's
  // language says something about them.
  const language = async () => (await page.context().cookies()).find((c) => c.name === "cairn_lang")?.value;
  expect(await language()).toBe("ar");
  await page.getByRole("link", { name: "اخرج من هذه الصفحة" }).click();
  await expect(page).toHaveURL(LEAVE_URL);
  expect(await language()).toBeUndefined();
});

test("an Arabic answer reads right to left on an English page", async ({ page }) => {
  await page.goto("/c/tell-us-anything/answer");
  await ready(page);
  const box = page.getByLabel(QUESTION);
  await box.fill("مرحبا");
  expect(await box.evaluate((e) => getComputedStyle(e).direction)).toBe("rtl");
  await page.getByRole("button", { name: "Send" }).click();
  const code = (await page.locator(".receipt-code").first().textContent())!.trim();
  await page.goto("/receipt");
  await page.getByLabel("Receipt code").fill(code);
  await page.getByRole("button", { name: "Check" }).click();
  const answer = page.locator("dd", { hasText: "مرحبا" });
  expect(await answer.evaluate((e) => getComputedStyle(e).direction)).toBe("rtl");
  expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe("ltr");
});

test("the chooser moves to the same page in another language, and the choice is remembered", async ({ page }) => {
  await page.goto("/c/tell-us-anything/answer");
  await ready(page);
  const words = uniqueWords("Kept across languages");
  await page.getByLabel(QUESTION).fill(words);
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Polski" }).click();
  await expect(page).toHaveURL(/\/pl\/c\/tell-us-anything\/answer$/);
  await ready(page);
  // The draft is the same draft in every language.
  await expect(page.getByLabel(QUESTION)).toHaveValue(words);
  // The plain address now leads to Polish on this device.
  await page.goto("/");
  await expect(page).toHaveURL(/\/pl\/$/);
  await page.getByRole("navigation", { name: "Język" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Have your say" })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Have your say" })).toBeVisible();
});

test.describe("a Polish browser", () => {
  test.use({ locale: "pl-PL" });
  test("gets Polish on its first visit", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/pl\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Powiedz, co myślisz" })).toBeVisible();
  });
});

test("participant pages fit a 320 px screen in every language (as a 1280 px screen at 400% zoom)", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const prefix of ["", "/pl", "/ar"]) {
    for (const path of ["/", "/c/tell-us-anything", "/c/tell-us-anything/answer", "/receipt", "/you-said-we-did"]) {
      await page.goto(prefix + path);
      await expectNoSidewaysScroll(page, `${prefix + path} at 320 px`);
    }
  }
});
