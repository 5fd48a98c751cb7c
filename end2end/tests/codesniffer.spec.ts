import { test, expect, type Page } from "@playwright/test";
import { RECEIPT, uniqueWords } from "./helpers";

// A second accessibility engine beside axe: HTML_CodeSniffer (the engine Pa11y runs), WCAG 2 AA, on every
// participant page in every language. Errors fail the test, as in Pa11y; its warnings and notices are
// things for a person to check, and the axe and hand checks in the other specs do that.

const HTMLCS = require.resolve("html_codesniffer/build/HTMLCS.js");

// The engine is a script put into the page; Cairn's Content-Security-Policy would (rightly) refuse it.
test.use({ bypassCSP: true });

type Message = { type: number; code: string; msg: string; element: string };

async function errors(page: Page): Promise<Message[]> {
  await page.addScriptTag({ path: HTMLCS });
  return page.evaluate(
    () =>
      new Promise<Message[]>((resolve) => {
        const w = window as unknown as {
          HTMLCS: { process: (s: string, d: Document, cb: () => void) => void; getMessages: () => Array<{ type: number; code: string; msg: string; element: Element }> };
        };
        w.HTMLCS.process("WCAG2AA", document, () => {
          resolve(
            w.HTMLCS.getMessages()
              .filter((m) => m.type === 1)
              .map((m) => ({ type: m.type, code: m.code, msg: m.msg, element: m.element.outerHTML.slice(0, 160) })),
          );
        });
      }),
  );
}

test("the engine runs: it finds the errors of a page made to have them", async ({ page }) => {
  await page.setContent("<!doctype html><html><head><title>Bad</title></head><body><input type=text><img src=x></body></html>");
  const codes = (await errors(page)).map((m) => m.code).join(" ");
  expect(codes).toContain("H57"); // no lang on <html>
  expect(codes).toContain("H37"); // an image with no alt
});

const PAGES = ["/", "/c/tell-us-anything", "/c/tell-us-anything/answer", "/receipt", "/you-said-we-did", "/no-such-page"];

for (const prefix of ["", "/pl", "/ar"]) {
  test(`HTML_CodeSniffer finds no WCAG 2 AA errors on the participant pages${prefix ? ` in ${prefix}` : " in English"}`, async ({ page }) => {
    for (const path of PAGES) {
      await page.goto(prefix + path);
      if (path.endsWith("/answer")) await expect(page.locator("form[data-ready]")).toHaveCount(1);
      expect(await errors(page), `${prefix}${path}`).toEqual([]);
    }
  });
}

test("HTML_CodeSniffer finds no WCAG 2 AA errors on the receipt, before and after taking answers back", async ({ page }) => {
  await page.goto("/c/tell-us-anything/answer");
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
  await page.getByLabel("What would you like to tell us?").fill(uniqueWords("Second engine"));
  await page.getByRole("button", { name: "Send" }).click();
  const code = (await page.locator(".receipt-code").first().textContent())!.trim();
  expect(code).toMatch(RECEIPT);
  expect(await errors(page), "sent").toEqual([]);
  await page.goto("/receipt");
  await page.getByLabel("Receipt code").fill(code);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await errors(page), "receipt").toEqual([]);
});
