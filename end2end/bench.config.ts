import { defineConfig, devices } from "@playwright/test";

// `make bench`'s browser half: figures, not pass/fail timing. The release binary on SQLite.
const port = Number(process.env.CAIRN_BENCH_PORT ?? 3150);

export default defineConfig({
  testDir: "./bench",
  testMatch: "*.bench.ts",
  timeout: 180_000,
  workers: 1,
  reporter: [["line"]],
  outputDir: "test-results/bench",
  use: {
    ...devices["Pixel 7"],
    baseURL: `http://127.0.0.1:${port}`,
    serviceWorkers: "allow",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: "bash ./serve.sh",
    url: `http://127.0.0.1:${port}/healthz`,
    env: { CAIRN_E2E_PORT: String(port), CAIRN_E2E_DATABASE: "sqlite", CAIRN_BIN: "target/release/cairn" },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
