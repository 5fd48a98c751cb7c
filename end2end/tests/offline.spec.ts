import { test, expect, chromium, devices } from "@playwright/test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  ANSWER_PAGE,
  RECEIPT,
  cachedPages,
  coordinatorInbox,
  expectAccessible,
  expectSavedForOffline,
  openAnswerPage,
  startServer,
  uniqueWords,
} from "./helpers";

test.use({ serviceWorkers: "allow" });

test("a participant page visited once reloads and works with no connection, then sends once", async ({ page, context, browser }) => {
  await openAnswerPage(page);
  await expectSavedForOffline(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
  await expectAccessible(page, "answer page reloaded offline");
  const words = uniqueWords("Written after an offline reload");
  await page.getByLabel("What would you like to tell us?").fill(words);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Saved on this device. It will send by itself when you are back online.")).toBeVisible();

  // Another reload with no signal: still waiting, nothing lost.
  await page.reload();
  await expect(page.getByText("1 answer is waiting to send.")).toBeVisible();
  // A page never opened online says so plainly instead of the browser's error.
  const other = await context.newPage();
  await other.goto("/receipt/ABCD-2345");
  await expect(other.getByRole("heading", { name: "No signal" })).toBeVisible();
  await other.close();

  await context.setOffline(false);
  await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });
  const code = (await page.locator(".receipt-code").first().textContent())?.trim() ?? "";
  expect(code).toMatch(RECEIPT);
  const inbox = await coordinatorInbox(browser);
  await expect(inbox.getByRole("article").filter({ hasText: words })).toHaveCount(1);
  await inbox.context().close();

  // The receipt page, opened online through the service worker, is shown but never kept: the next
  // person on this phone finds neither the code nor the words in the worker's cache.
  const receipt = await context.newPage();
  await receipt.goto("/receipt");
  await receipt.getByLabel("Receipt code").fill(code);
  await receipt.getByRole("button", { name: "Check" }).click();
  await expect(receipt.getByText(words)).toBeVisible();
  const cached = await cachedPages(receipt);
  expect(cached.length).toBeGreaterThan(0);
  for (const { url, text } of cached) {
    expect(url, "a receipt page in the cache").not.toContain(code);
    expect(text.includes(code) || text.includes(words), `${url} keeps a receipt`).toBe(false);
  }
  await receipt.close();
});

test("Cairn is an installable app", async ({ baseURL }) => {
  // Chromium never offers to install from a private window, which every test context is: this one
  // gets a real profile.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    ...devices["Pixel 7"],
    baseURL,
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await context.newPage();
    await page.goto("/");
    await expectSavedForOffline(page);
    const manifest = await (await page.request.get("/manifest.webmanifest")).json();
    expect(manifest.start_url).toBe("/");
    for (const icon of manifest.icons) {
      expect((await page.request.get(icon.src)).status(), icon.src).toBe(200);
    }
    // Chromium's own check, as it decides whether to offer "Install app".
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test("a new release is picked up cleanly, and an outbox written by the old one still syncs", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  // A copy of the built site that this test can "release" again by changing a file.
  const site = fs.mkdtempSync(path.join(os.tmpdir(), "cairn-site-"));
  fs.cpSync(path.resolve(__dirname, "../../target/site"), site, { recursive: true });
  const port = Number(process.env.CAIRN_E2E_PORT ?? 3100) + 30 + (testInfo.project.name === "postgres" ? 1 : 0);
  const start = () => startServer({ port, database: testInfo.project.name, env: { CAIRN_SITE_ROOT: site } });
  const workerVersion = async (url: string) => /const VERSION = "(\w+)"/.exec(await (await fetch(`${url}/sw.js`)).text())![1];

  let server = await start();
  const context = await browser.newContext({ ...devices["Pixel 7"], baseURL: server.url, serviceWorkers: "allow" });
  const page = await context.newPage();
  try {
    await page.goto(ANSWER_PAGE);
    await expect(page.locator("form[data-ready]")).toHaveCount(1);
    await expectSavedForOffline(page);
    const oldVersion = await workerVersion(server.url);
    expect(await page.evaluate(() => caches.keys())).toEqual([`cairn-${oldVersion}`]);

    // Written offline by the old release...
    await context.setOffline(true);
    const words = uniqueWords("Queued by the old release");
    await page.getByLabel("What would you like to tell us?").fill(words);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByText("1 answer is waiting to send.")).toBeVisible();

    // ...while the service deploys a new one.
    await server.stop();
    const css = fs.readdirSync(path.join(site, "pkg")).find((f) => f.endsWith(".css"))!;
    fs.appendFileSync(path.join(site, "pkg", css), "\n/* release 2 */\n");
    for (const compressed of [".br", ".gz"]) fs.rmSync(path.join(site, "pkg", css + compressed), { force: true });
    server = await start();
    const newVersion = await workerVersion(server.url);
    expect(newVersion).not.toBe(oldVersion);

    await context.setOffline(false);
    await page.reload();
    // The new worker takes over and removes the old release's files.
    await expect.poll(() => page.evaluate(() => caches.keys()), { timeout: 20_000 }).toEqual([`cairn-${newVersion}`]);
    await expect(page.getByRole("heading", { name: "Thank you. We got your answers." })).toBeVisible({ timeout: 20_000 });
    const inbox = await coordinatorInbox(browser, server.url);
    await expect(inbox.getByRole("article").filter({ hasText: words })).toHaveCount(1);
    await inbox.context().close();

    // And the new release still works offline.
    await expectSavedForOffline(page);
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator("form[data-ready]")).toHaveCount(1);
  } finally {
    await context.close();
    await server.stop();
    fs.rmSync(site, { recursive: true, force: true });
  }
});
