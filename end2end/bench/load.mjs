// What the browser bundle's size costs a person: a first visit (empty cache) to each route
// of budgets.json (the largest demo plan, its owners and calendar, a partner's link, the
// plans list, sign-in and sign-up), over two network and CPU profiles, in Debian's
// Chromium. "readable" is the first contentful paint (the server-rendered page),
// "interactive" the moment the app finished hydrating (body[data-hydrated]). Median of
// RUNS loads, against issue 14's targets.
//
// Usage (scripts/bench-load runs it against a release server):
//   COPLAN_BASE=http://127.0.0.1:3203 node end2end/bench/load.mjs
import { chromium } from "@playwright/test";
import { launchOptions } from "../chromium.mjs";
import { demoRoutes, shownPath } from "./demo.mjs";

const base = process.env.COPLAN_BASE ?? "http://127.0.0.1:3000";
const runs = Number(process.env.RUNS ?? 5);

// Lighthouse's mobile profile (slow 4G, a mid-range phone's CPU) and an office laptop.
// Each with issue 14's target for time to interactive, in ms, by route (none: no target).
const profiles = [
  {
    name: "laptop, office network (40 Mbit/s, 10 ms)", down: 40e6, up: 10e6, rtt: 10, cpu: 1,
    target: () => 500,
  },
  {
    name: "phone, slow 4G (1.6 Mbit/s, 150 ms, CPU / 4)", down: 1.6e6, up: 0.75e6, rtt: 150, cpu: 4,
    target: (route) => ({ plan: 2500, "sign-in": 1500, shared: 1500 })[route],
  },
];

const browser = await chromium.launch(launchOptions);

// One signed-in session for every run: its cookie, not its cache, is reused.
const { signedIn, routes } = await demoRoutes(browser, base);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** One cold visit: when it was readable and interactive, and the bytes of /pkg/ it took. */
async function visit(profile, route) {
  const context = await browser.newContext({ baseURL: base, storageState: route.anonymous ? undefined : signedIn });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: profile.rtt,
    downloadThroughput: profile.down / 8,
    uploadThroughput: profile.up / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
  // Note the moment hydration marks the body, from inside the page.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body && document.body.hasAttribute("data-hydrated")) {
        window.__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
  });
  await page.goto(route.path);
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 120_000 });
  const timing = await page.evaluate(() => ({
    paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    hydrated: window.__hydratedAt,
    bundle: performance
      .getEntriesByType("resource")
      .filter((r) => r.name.includes("/pkg/"))
      .reduce((sum, r) => sum + r.transferSize, 0),
  }));
  await context.close();
  return timing;
}

for (const profile of profiles) {
  console.log(`${profile.name}, median of ${runs}:`);
  console.log("  route        path                        readable ms  interactive ms  target ms  /pkg/ KB");
  for (const route of routes) {
    const readable = [];
    const interactive = [];
    let bundle = 0;
    for (let run = 0; run < runs; run++) {
      const timing = await visit(profile, route);
      readable.push(timing.paint);
      interactive.push(timing.hydrated);
      bundle = timing.bundle;
    }
    const target = profile.target(route.name);
    const ready = Math.round(median(interactive));
    console.log(
      `  ${route.name.padEnd(12)} ${shownPath(route).padEnd(27)} ${String(Math.round(median(readable))).padStart(11)} ` +
        `${String(ready).padStart(15)} ${String(target ?? "-").padStart(10)} ${String(Math.round(bundle / 1000)).padStart(9)}` +
        (target !== undefined && ready > target ? "  OVER" : ""),
    );
  }
}
await browser.close();
