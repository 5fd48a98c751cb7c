import { defineConfig, devices } from "@playwright/test";

// Cairn in Debian's Chromium (Playwright cannot download browsers here), on a phone-sized screen,
// against the real server binary with a fresh SQLite file (see serve.sh).
const port = Number(process.env.CAIRN_E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One server, one SQLite file, two cores: run one test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    ...devices["Pixel 7"],
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    screenshot: "only-on-failure",
  },
  webServer: {
    command: "bash ./serve.sh",
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
