import { test, expect } from "@playwright/test";
import * as http from "node:http";

// Participants pay for every byte: the answer page's first visit, counted exactly as it goes over the
// wire with brotli (bytes, not time, so the check is the same on any machine). The page, its CSS and its
// JavaScript are checked in every build. The WebAssembly is checked only when the server runs a release
// build (optimised by wasm-opt): the debug build these tests use is several times larger by design.
// `make bench` prints the release figures.
const PAGE = "/c/tell-us-anything/answer";
// Measured on 5 Dec 2026 (debug and release alike): HTML 4.3, CSS 3.1, JS 8.9 KiB.
const BUDGET_KIB = { HTML: 6, CSS: 4, JS: 10, WASM: 110, total: 130 };

/** The bytes a browser that accepts brotli receives for `path`, undecoded. */
function wireBytes(base: string, path: string): Promise<{ bytes: number; body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, base), { headers: { "accept-encoding": "br" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ bytes: body.length, body, encoding: String(res.headers["content-encoding"] ?? "identity") });
        });
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

async function firstVisit(base: string) {
  const page = await wireBytes(base, PAGE);
  const html = await (await fetch(new URL(PAGE, base))).text();
  const asset = (suffix: string) => html.split('"').find((s) => s.startsWith("/pkg/") && s.endsWith(suffix));
  const parts: Record<string, { bytes: number; encoding: string }> = { HTML: page };
  for (const [name, suffix] of [["CSS", ".css"], ["JS", ".js"], ["WASM", ".wasm"]] as const) {
    const path = asset(suffix);
    expect(path, `the page names its ${name}`).toBeTruthy();
    parts[name] = await wireBytes(base, path!);
  }
  return parts;
}

test("the participant's first visit stays within its byte budget", async ({ baseURL }, testInfo) => {
  const parts = await firstVisit(baseURL!);
  const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
  console.log(`first visit, brotli: ${Object.entries(parts).map(([k, v]) => `${k} ${kib(v.bytes)} KiB`).join(", ")}`);
  testInfo.annotations.push({
    type: "bytes (brotli)",
    description: Object.entries(parts).map(([k, v]) => `${k} ${kib(v.bytes)} KiB`).join(", "),
  });
  for (const name of ["HTML", "CSS", "JS"] as const) {
    expect(parts[name].encoding, `${name} is sent compressed`).toBe("br");
    expect(kib(parts[name].bytes), `${name} KiB`).toBeLessThanOrEqual(BUDGET_KIB[name]);
  }
  expect(parts.WASM.encoding).toBe("br");
});

test("a release build's whole first visit, WebAssembly included, stays within budget", async ({ baseURL }) => {
  const parts = await firstVisit(baseURL!);
  // A debug build (unoptimised, with its names section) is several times any budget: about 500 KiB
  // with brotli, where a release build is about 100 KiB.
  test.skip(parts.WASM.bytes > 300 * 1024, "the server runs a debug build; `make bench` measures the release one");
  expect(parts.WASM.bytes / 1024).toBeLessThanOrEqual(BUDGET_KIB.WASM);
  const total = Object.values(parts).reduce((n, p) => n + p.bytes, 0);
  expect(total / 1024).toBeLessThanOrEqual(BUDGET_KIB.total);
});
