import { test, expect, type Response } from "@playwright/test";
import { openAnswerPage } from "./helpers";

test("page assets have hashed names, a one-year cache lifetime and compression", async ({ page }) => {
  const responses: Response[] = [];
  page.on("response", (r) => responses.push(r));
  await openAnswerPage(page);
  for (const ext of ["css", "js", "wasm"]) {
    const r = responses.find((x) => new URL(x.url()).pathname.startsWith("/pkg/") && x.url().endsWith(`.${ext}`));
    expect(r, `a .${ext} file was loaded`).toBeTruthy();
    expect(new URL(r!.url()).pathname).toMatch(new RegExp(`^/pkg/cairn\\.[A-Za-z0-9_-]{16,}\\.${ext}$`));
    const headers = await r!.allHeaders();
    expect(headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(headers["content-encoding"]).toMatch(/^(br|gzip)$/);
  }
  const html = responses.find((x) => x.url().endsWith("/c/tell-us-anything/answer"));
  expect((await html!.allHeaders())["content-encoding"]).toMatch(/^(br|gzip)$/);
});
