// Lighthouse 12 (the npm package, pinned in package.json) on issue 14's routes, driving
// Debian's Chromium: its own simulated mobile throttling (a mid-range phone on slow 4G)
// and its desktop preset. Prints performance and accessibility scores, total blocking
// time and time to interactive per route, against the targets (mobile
// performance >= 95 on the entry routes and >= 90 on the plan's pages, desktop 100,
// accessibility 100).
//
// Usage (scripts/lighthouse runs it against a release server):
//   COPLAN_BASE=http://127.0.0.1:3205 node end2end/bench/lighthouse.mjs
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { launchOptions } from "../chromium.mjs";
import { demoRoutes, shownPath } from "./demo.mjs";

const base = process.env.COPLAN_BASE ?? "http://127.0.0.1:3000";

// The routes' addresses and a signed-in session, made with Playwright's browser.
const setup = await chromium.launch(launchOptions);
const { signedIn, routes } = await demoRoutes(setup, base);
await setup.close();
const cookie = signedIn.cookies.map((c) => `${c.name}=${c.value}`).join("; ");

const chrome = await chromeLauncher.launch({
  chromePath: launchOptions.executablePath,
  chromeFlags: [...launchOptions.args, "--headless=new"],
});
const planPages = new Set(["plan", "owners", "calendar"]);
const presets = [
  { name: "mobile", config: undefined, target: (route) => (planPages.has(route) ? 90 : 95) },
  { name: "desktop", config: desktopConfig, target: () => 100 },
];
let short = 0;
try {
  for (const preset of presets) {
    console.log(`${preset.name}:`);
    console.log("  route        path                        performance  target  accessibility  TBT ms  TTI ms");
    for (const route of routes) {
      const { lhr } = await lighthouse(
        `${base}${route.path}`,
        {
          port: chrome.port,
          logLevel: "error",
          onlyCategories: ["performance", "accessibility"],
          extraHeaders: route.anonymous ? undefined : { Cookie: cookie },
        },
        preset.config,
      );
      const score = (category) => Math.round((lhr.categories[category].score ?? 0) * 100);
      const ms = (audit) => Math.round(lhr.audits[audit].numericValue ?? NaN);
      const performance = score("performance");
      const accessibility = score("accessibility");
      const target = preset.target(route.name);
      const meets = performance >= target && accessibility === 100;
      if (!meets) short++;
      console.log(
        `  ${route.name.padEnd(12)} ${shownPath(route).padEnd(27)} ${String(performance).padStart(11)} ` +
          `${String(target).padStart(7)} ${String(accessibility).padStart(14)} ${String(ms("total-blocking-time")).padStart(7)} ` +
          `${String(ms("interactive")).padStart(7)}` +
          (meets ? "" : "  SHORT"),
      );
      const failing = Object.values(lhr.audits).filter(
        (audit) => lhr.categories.accessibility.auditRefs.some((ref) => ref.id === audit.id) && audit.score === 0,
      );
      for (const audit of failing) console.log(`      accessibility: ${audit.id}: ${audit.title}`);
    }
  }
} finally {
  chrome.kill();
}
if (short > 0) console.log(`${short} of the figures above are short of their target`);
