// What each route costs a first visit in bytes: every file under /pkg/ (wasm, JS, CSS and
// any chunk) that a cold visit downloads before the page is interactive, counted as the
// brotli file the server sends for it, against the route's budget in end2end/budgets.json.
// The browser says which files a page needs; the disk says their brotli size, so the
// figure is exact and the same on every run (it is a check, not a timing).
//
// Usage (scripts/size runs it against a server with the demo data):
//   COPLAN_BASE=http://127.0.0.1:3204 COPLAN_SITE=target/site node end2end/bench/size.mjs
// Exits 1 when a route is over its budget.
import { chromium, expect } from "@playwright/test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { launchOptions } from "../chromium.mjs";
import { signInToDemo } from "./demo.mjs";

const base = process.env.COPLAN_BASE ?? "http://127.0.0.1:3000";
const site = process.env.COPLAN_SITE ?? "target/site";
const budgets = JSON.parse(readFileSync(new URL("../budgets.json", import.meta.url), "utf8"));

const browser = await chromium.launch(launchOptions);

// The addresses of the routes: the largest demo plan, and a partner's update link to it.
const { context: setup, page, planUrl: plan } = await signInToDemo(browser, base);
await page.goto(plan);
await page.locator("body[data-hydrated]").waitFor({ state: "attached" });
const links = page.getByRole("region", { name: "Shared links" });
await links.getByLabel("For", { exact: true }).selectOption({ index: 1 });
await links.getByLabel("Who it is for").fill(`Size check ${Date.now()}`);
await links.getByLabel("They may").selectOption({ label: "View and update own actions" });
await links.getByRole("button", { name: "Make a link" }).click();
const address = links.getByLabel("The link (shown only now: copy it)");
await expect(address).toHaveValue(/\/s\/[0-9a-f]{32}$/);
const shared = new URL(await address.inputValue()).pathname;
const signedIn = await setup.storageState();
await setup.close();

const paths = { plan, owners: `${plan}/owners`, calendar: `${plan}/calendar`, shared };

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
console.log("route        path                          files  brotli KB  budget KB  stretch KB");
for (const route of budgets.routes) {
  const path = paths[route.name] ?? route.path;
  const { bytes, files } = await measure(path, route.anonymous === true);
  const fits = bytes <= route.budget_kb * 1000;
  if (!fits) over++;
  console.log(
    // A link's address is its credential: the table names the route, not the token.
    `${route.name.padEnd(12)} ${(route.name === "shared" ? "/s/<token>" : path).padEnd(29)} ${String(files).padStart(5)} ` +
      `${kb(bytes).padStart(10)} ${String(route.budget_kb).padStart(10)} ${String(route.stretch_kb).padStart(11)}` +
      (fits ? "" : "  OVER"),
  );
}
await browser.close();
if (over > 0) {
  console.error(`${over} route(s) over budget (KB = 1,000 bytes of brotli)`);
  process.exit(1);
}
