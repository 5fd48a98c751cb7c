import { expect, type Page, type Browser } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const COORDINATOR = {
  email: "coordinator@example.org",
  password: process.env.CAIRN_E2E_PASSWORD ?? "e2e coordinator password",
};

export const ADMIN = { email: "admin@example.org", password: COORDINATOR.password };

export const ANSWER_PAGE = "/c/tell-us-anything/answer";

/** Zero axe violations against WCAG 2.2 A and AA. `state` names the screen in the failure message. */
export async function expectAccessible(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
  expect(found, `axe violations on "${state}"`).toEqual([]);
}

/**
 * axe runs as JavaScript, so it cannot run in a page with JavaScript switched off. Every no-JavaScript
 * state is a URL (post/redirect/get), so we check that same URL in a page where axe can run.
 */
export async function expectAccessibleWithoutJs(browser: Browser, url: string, state: string) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  await page.goto(url);
  await expectAccessible(page, state);
  await context.close();
}

/**
 * Axe on the page a form post answers with (receipt pages are answers to posts, so their code is never
 * in an address): posts `fields` to `action` from a page of this site, in a fresh context.
 */
export async function expectAccessibleAfterPost(browser: Browser, action: string, fields: Record<string, string>, state: string) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  await page.goto("/receipt");
  await page.evaluate(
    ({ action, fields }) => {
      const form = document.createElement("form");
      form.id = "post-for-axe";
      form.method = "post";
      form.action = action;
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.appendChild(input);
      }
      const button = document.createElement("button");
      button.textContent = "Post";
      form.appendChild(button);
      document.body.appendChild(form);
    },
    { action, fields },
  );
  await Promise.all([page.waitForEvent("load"), page.locator("#post-for-axe button").click()]);
  expect(new URL(page.url()).pathname).toBe(action);
  await expectAccessible(page, state);
  await context.close();
}

/** The participant form, after its island has woken up (it marks itself ready). */
export async function openAnswerPage(page: Page) {
  await page.goto(ANSWER_PAGE);
  await expect(page.locator("form[data-ready]")).toHaveCount(1);
}

/** Words no other test uses, to find one submission in the inbox. */
export function uniqueWords(label: string) {
  return `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Signs a coordinator in, in a separate browser context, and returns the inbox page. */
export async function coordinatorInbox(browser: Browser, baseURL?: string) {
  const context = await browser.newContext({ javaScriptEnabled: true, ...(baseURL ? { baseURL } : {}) });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(COORDINATOR.email);
  await page.getByLabel("Password").fill(COORDINATOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  return page;
}

export const RECEIPT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

export const STAFF = { email: "staff@example.org", password: COORDINATOR.password };

/** Signs someone in on `page` (any base URL) and waits to leave the sign-in page. */
export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

/** Waits until the service worker runs this page and has saved it for offline use. */
export async function expectSavedForOffline(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(() => page.evaluate(async () => !!(await caches.match(location.pathname))), { timeout: 20_000 })
    .toBe(true);
}

/**
 * A Cairn server of a spec's own (serve.sh: the real binary, a fresh database of the project's kind),
 * for tests that need another site root or short sign-ins. `stop` ends it as a deploy would (SIGTERM).
 */
export async function startServer(options: {
  port: number;
  database: string;
  env?: Record<string, string>;
}): Promise<{ url: string; stop: () => Promise<void> }> {
  const { spawn } = await import("node:child_process");
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn("bash", ["./serve.sh"], {
    env: {
      ...process.env,
      CAIRN_E2E_PORT: String(options.port),
      CAIRN_E2E_DATABASE: options.database,
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300 || child.exitCode !== null) throw new Error(`server on ${url} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Counts the rows of the consent-respecting CSV export that contain `words` (as a coordinator). */
export async function countInExport(page: Page, base: string, words: string) {
  const res = await page.request.get(`${base}/export/submissions.csv?q=${encodeURIComponent(words)}`);
  expect(res.status()).toBe(200);
  return (await res.text()).split("\n").filter((line) => line.includes(words)).length;
}

/** Every response the service worker keeps in Cache Storage, as URL and text. */
export async function cachedPages(page: Page) {
  return page.evaluate(async () => {
    const all: { url: string; text: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = response?.headers.get("content-type") ?? "";
        all.push({ url: request.url, text: type.startsWith("text/") ? await response!.text() : "" });
      }
    }
    return all;
  });
}

/**
 * Everything Cairn keeps in this browser that could hold what someone wrote or chose: every local
 * storage key (only the shared-device switch and the two outboxes may stay), the outboxes' sent and
 * refused lists, the field place, session storage, and the service worker's cache. `secrets` are words
 * and codes that must be found nowhere, except in answers still waiting to send (kept on purpose).
 */
export async function personalStorage(page: Page, secrets: string[] = []) {
  return page.evaluate(async (secrets) => {
    const keys = Object.keys(localStorage).sort();
    const read = (k: string) => JSON.parse(localStorage.getItem(k) ?? "{}");
    const outbox = read("cairn.outbox.v1");
    const field = read("cairn.field-outbox.v1");
    const stored = keys.map((k) => {
      const value = localStorage.getItem(k) ?? "";
      return k === "cairn.outbox.v1" ? JSON.stringify({ ...outbox, pending: [] }) : value;
    });
    const cached: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = response?.headers.get("content-type") ?? "";
        cached.push(request.url + (type.startsWith("text/") ? await response!.text() : ""));
      }
    }
    const everywhere = [...stored, ...cached, sessionStorage.length ? JSON.stringify(sessionStorage) : ""];
    return {
      keys: keys.filter((k) => !["cairn.shared.v1", "cairn.outbox.v1", "cairn.field-outbox.v1"].includes(k)),
      pending: (outbox.pending ?? []).length,
      sent: (outbox.sent ?? []).length + (field.sent ?? []).length,
      rejected: (outbox.rejected ?? []).length + (field.rejected ?? []).length,
      session: sessionStorage.length,
      found: secrets.filter((secret) => everywhere.some((v) => v.includes(secret))),
    };
  }, secrets);
}
export const EMPTY = { keys: [], pending: 0, sent: 0, rejected: 0, session: 0, found: [] };

/** Answers the next send as the server does when it refuses an answer, so a refused answer is kept. */
export async function refuseNextSend(page: Page) {
  await page.route("**/api/v1/submissions", async (route) => {
    const body = JSON.parse(route.request().postData() ?? "{}");
    const results = (body.submissions ?? []).map((s: { id: string }) => ({
      id: s.id,
      status: "rejected",
      error: { code: "invalid_answer", message: "invalid_answer" },
    }));
    await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ results }) });
    await page.unroute("**/api/v1/submissions");
  });
}
