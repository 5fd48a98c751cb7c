import { defineConfig, devices } from "@playwright/test";

// Cairn in Debian's Chromium (Playwright cannot download browsers here), on a phone-sized screen,
// against the real server binary with a fresh database (see serve.sh): every test runs on SQLite, and
// again on PostgreSQL when CAIRN_TEST_POSTGRES_URL names a server (as `.ci/run` sets it).
const port = Number(process.env.CAIRN_E2E_PORT ?? 3100);
const databases = process.env.CAIRN_TEST_POSTGRES_URL ? ["sqlite", "postgres"] : ["sqlite"];
const servers = databases.map((database, i) => ({ database, port: port + i }));

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One server per database, two cores: run one test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    ...devices["Pixel 7"],
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
    // The service worker is tested where it matters (offline.spec.ts, field.spec.ts allow it). Elsewhere
    // it stays out of the way, because Playwright cannot see requests a service worker handles.
    serviceWorkers: "block",
  },
  projects: servers.map(({ database, port }) => ({
    name: database,
    use: { baseURL: `http://127.0.0.1:${port}` },
    // The PostgreSQL pass runs only the specs whose point is what is stored and read back (delivery
    // under failure, receipts, moderation, reports, the public page, the editor, field capture,
    // accounts). Those about the page and the device (languages, focus, leaving, weight, the outbox
    // offline, shared devices) run once, on SQLite; the Rust suite runs every store test on both.
    ...(database === "postgres"
      ? { testMatch: /(delivery|delivery-failures|storage|receipts|moderation|reports|said-did|conversations|translations|field|people)\.spec\.ts$/ }
      : {}),
  })),
  webServer: servers.map(({ database, port }) => ({
    command: "bash ./serve.sh",
    url: `http://127.0.0.1:${port}/healthz`,
    env: { CAIRN_E2E_PORT: String(port), CAIRN_E2E_DATABASE: database },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
  })),
});
