import { test, expect } from "@playwright/test";
import * as net from "node:net";

// Bytes on the wire, counted by a TCP relay between Chromium and Cairn: everything the server sends,
// headers included. (Chromium asks for gzip, not brotli, over plain HTTP.)
const PAGE = "/c/tell-us-anything/answer";
const RUNS = 5;

function relay(target: number) {
  let bytes = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(target, "127.0.0.1");
    client.pipe(upstream);
    upstream.on("data", (d) => (bytes += d.length));
    upstream.pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  return {
    listen: () => new Promise<number>((r) => server.listen(0, "127.0.0.1", () => r((server.address() as net.AddressInfo).port))),
    take: () => {
      const b = bytes;
      bytes = 0;
      return b;
    },
    close: () => server.close(),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

test("participant page: first visit, repeat visit and offline reload", async ({ browser, baseURL }) => {
  const r = relay(Number(new URL(baseURL!).port));
  const port = await r.listen();
  const url = `http://127.0.0.1:${port}${PAGE}`;
  const first: number[] = [];
  const repeat: number[] = [];
  const offlineReady: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ serviceWorkers: "allow" });
    const page = await context.newPage();
    r.take();
    await page.goto(url);
    await expect(page.locator("form[data-ready]")).toHaveCount(1);
    first.push(r.take());
    // Let the service worker finish saving the page and its files.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(() => page.evaluate(async () => !!(await caches.match(location.pathname)))).toBe(true);
    await page.waitForTimeout(500);
    r.take();
    await page.goto(url);
    await expect(page.locator("form[data-ready]")).toHaveCount(1);
    await page.waitForTimeout(300);
    repeat.push(r.take());
    await context.setOffline(true);
    const t0 = Date.now();
    await page.reload();
    await expect(page.locator("form[data-ready]")).toHaveCount(1);
    offlineReady.push(Date.now() - t0);
    await context.close();
  }
  r.close();
  console.log(`\nParticipant answer page (${PAGE}), median of ${RUNS} fresh browser profiles:`);
  console.log(`  first visit, bytes from the server:           ${kb(median(first))}`);
  console.log(`  repeat visit online, bytes from the server:   ${kb(median(repeat))} (the page's HTML; CSS, JS and WASM come from the service worker)`);
  console.log(`  reload with no connection, until the form works: ${median(offlineReady)} ms`);
});
