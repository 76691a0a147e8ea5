// What each route costs a first visit in bytes: every file under /pkg/ (wasm, JS, CSS and
// any chunk) that a cold visit downloads before the page is interactive, counted as the
// brotli file the server sends for it, against the route's budget in end2end/budgets.json.
// The browser says which files a page needs; the disk says their brotli size, so the
// figure is exact and the same on every run (it is a check, not a timing).
//
// Usage (scripts/size runs it against a server with the demo data):
//   COPLAN_BASE=http://127.0.0.1:3204 COPLAN_SITE=target/site node end2end/bench/size.mjs
// Exits 1 when a route is over its budget, unless the route has a ceiling (`ceiling_kb`,
// the figure it was measured at while still over budget) and is within it: so no route
// grows while it waits for the work that brings it under budget.
import { chromium } from "@playwright/test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { launchOptions } from "../chromium.mjs";
import { demoRoutes, shownPath } from "./demo.mjs";

const base = process.env.COPLAN_BASE ?? "http://127.0.0.1:3000";
const site = process.env.COPLAN_SITE ?? "target/site";

const browser = await chromium.launch(launchOptions);
const { signedIn, routes } = await demoRoutes(browser, base);

/** The brotli bytes of each /pkg/ file a cold visit to `path` fetches until hydrated. */
async function measure(path, anonymous) {
  const context = await browser.newContext({ baseURL: base, storageState: anonymous ? undefined : signedIn });
  const visit = await context.newPage();
  const files = new Set();
  visit.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/pkg/")) files.add(url.pathname.slice("/pkg/".length));
  });
  await visit.goto(path);
  await visit.locator("body[data-hydrated]").waitFor({ state: "attached", timeout: 60_000 });
  // A chunk the page asks for while it hydrates is part of the visit too.
  await visit.waitForLoadState("networkidle");
  await context.close();
  let bytes = 0;
  for (const file of files) bytes += statSync(join(site, "pkg", `${file}.br`)).size;
  return { bytes, files: files.size };
}

const kb = (bytes) => (bytes / 1000).toFixed(1);
let over = 0;
let grown = 0;
console.log("route        path                          files  brotli KB  budget KB  stretch KB  ceiling KB");
for (const route of routes) {
  const { bytes, files } = await measure(route.path, route.anonymous === true);
  const fits = bytes <= route.budget_kb * 1000;
  // A route still over its budget may not grow past the ceiling it was measured at.
  const held = route.ceiling_kb !== undefined && bytes <= route.ceiling_kb * 1000;
  if (!fits) over++;
  if (!fits && !held) grown++;
  console.log(
    `${route.name.padEnd(12)} ${shownPath(route).padEnd(29)} ${String(files).padStart(5)} ` +
      `${kb(bytes).padStart(10)} ${String(route.budget_kb).padStart(10)} ${String(route.stretch_kb).padStart(11)}` +
      `${String(route.ceiling_kb ?? "").padStart(12)}` +
      (fits ? "" : held ? "  over budget, within ceiling" : "  OVER"),
  );
}
await browser.close();
if (over > 0) console.error(`${over} route(s) over budget (KB = 1,000 bytes of brotli)`);
if (grown > 0) {
  console.error(`${grown} route(s) over budget and over their ceiling`);
  process.exit(1);
}
