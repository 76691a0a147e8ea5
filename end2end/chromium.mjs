// Debian's Chromium, never a downloaded browser; the flags keep it off the network.
// Shared by the test suite (playwright.config.ts) and the load benchmark (bench/load.mjs).
export const launchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
