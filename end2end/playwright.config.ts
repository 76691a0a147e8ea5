import { defineConfig } from "@playwright/test";
import { launchOptions } from "./chromium.mjs";

// scripts/test builds the server and runs this suite once per database, passing:
// COPLAN_BIN (the built server), COPLAN_E2E_DATABASE_URL and COPLAN_E2E_PORT.
const bin = process.env.COPLAN_BIN ?? "../target/debug/coplan";
const databaseUrl = process.env.COPLAN_E2E_DATABASE_URL ?? "sqlite:../target/e2e/e2e.db";
const port = Number(process.env.COPLAN_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  outputDir: `test-results/${process.env.COPLAN_E2E_NAME ?? "local"}`,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    launchOptions,
    trace: "retain-on-failure",
  },
  projects: [
    { name: "js-on", use: { javaScriptEnabled: true } },
    { name: "js-off", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    // The demo, and an organisation of 30 generated plans for the portfolio's pages.
    command: `${bin} demo && ${bin} demo --plans 30 --org "Northwind Portfolio" --email portfolio@northwind.test && exec ${bin} serve`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: databaseUrl,
      COPLAN_ADDR: `127.0.0.1:${port}`,
      // Every test signs up its own organisation, all from this one address.
      COPLAN_SIGNUPS_PER_HOUR: "1000",
      COPLAN_SITE_ROOT: process.env.COPLAN_SITE_ROOT ?? "../target/site",
      RUST_LOG: process.env.RUST_LOG ?? "warn",
    },
    stdout: "pipe",
    stderr: "pipe",
  },
});
