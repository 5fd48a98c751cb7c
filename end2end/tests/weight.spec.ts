import { test, expect } from "@playwright/test";
import * as http from "node:http";

// Participants pay for every byte: the answer page's first visit, counted exactly as it goes over the
// wire with brotli (bytes, not time, so the check is the same on any machine). The page, its CSS and its
// JavaScript are the same in every build and are checked here. The WebAssembly depends on the build (the
// debug build these tests use is several times larger by design): `make bench` prints the release total.
// The answer page in each language: each carries its own words only.
const PAGES = ["/c/tell-us-anything/answer", "/pl/c/tell-us-anything/answer", "/ar/c/tell-us-anything/answer"];
// Measured on 5 Dec 2026 (debug and release alike): HTML 4.3, CSS 3.1, JS 8.9 KiB. On 7 Dec 2026, with
// the language chooser, "Listen", the island's words in the page's language and the new confirmations:
// HTML 6.8 (English), 7.2 (Polish), 7.5 (Arabic); CSS 3.6; JS 9.1 KiB.
const BUDGET_KIB = { HTML: 8, CSS: 4, JS: 10 };

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

async function firstVisit(base: string, path: string) {
  const page = await wireBytes(base, path);
  const html = await (await fetch(new URL(path, base))).text();
  const asset = (suffix: string) => html.split('"').find((s) => s.startsWith("/pkg/") && s.endsWith(suffix));
  const parts: Record<string, { bytes: number; encoding: string }> = { HTML: page };
  for (const [name, suffix] of [["CSS", ".css"], ["JS", ".js"], ["WASM", ".wasm"]] as const) {
    const path = asset(suffix);
    expect(path, `the page names its ${name}`).toBeTruthy();
    parts[name] = await wireBytes(base, path!);
  }
  return parts;
}

test("the participant's first visit stays within its byte budget, in every language", async ({ baseURL }, testInfo) => {
  for (const path of PAGES) {
    const parts = await firstVisit(baseURL!, path);
    const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
    const said = Object.entries(parts).map(([k, v]) => `${k} ${kib(v.bytes)} KiB`).join(", ");
    console.log(`first visit of ${path}, brotli: ${said}`);
    testInfo.annotations.push({ type: `bytes (brotli) ${path}`, description: said });
    for (const name of ["HTML", "CSS", "JS"] as const) {
      expect(parts[name].encoding, `${name} is sent compressed`).toBe("br");
      expect(kib(parts[name].bytes), `${path}: ${name} KiB`).toBeLessThanOrEqual(BUDGET_KIB[name]);
    }
    expect(parts.WASM.encoding).toBe("br");
  }
});
