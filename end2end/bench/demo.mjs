// The demo's sign-in and issue 14's routes on it, shared by the benchmarks (load.mjs,
// size.mjs, lighthouse.mjs): the AE of the demo organisation, its largest plan, and a
// partner's update link to that plan.
import { expect } from "@playwright/test";
import { readFileSync } from "node:fs";

export const largestPlan = "Fabrikam global rollout";
/** The routes and their budgets (bytes; time-to-interactive targets live in load.mjs). */
export const budgets = JSON.parse(readFileSync(new URL("../budgets.json", import.meta.url), "utf8"));

/** Signs in in a new context; answers the context, its page (on the plans list) and the largest plan's address. */
export async function signInToDemo(browser, base) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("ae@northwind.test");
  await page.getByLabel("Password").fill("coplan-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  const link = page.getByRole("link", { name: largestPlan, exact: true });
  await link.waitFor();
  return { context, page, planUrl: await link.getAttribute("href") };
}

/**
 * Signs in, makes a partner's update link to the largest plan, and answers the signed-in
 * state and every route of budgets.json with its path (`{ name, path, anonymous, ... }`).
 */
export async function demoRoutes(browser, base) {
  const { context, page, planUrl: plan } = await signInToDemo(browser, base);
  await page.goto(plan);
  await page.locator("body[data-hydrated]").waitFor({ state: "attached" });
  const links = page.getByRole("region", { name: "Shared links" });
  await links.getByLabel("For", { exact: true }).selectOption({ index: 1 });
  await links.getByLabel("Who it is for").fill(`Benchmark ${Date.now()}`);
  await links.getByLabel("They may").selectOption({ label: "View and update own actions" });
  await links.getByRole("button", { name: "Make a link" }).click();
  const address = links.getByLabel("The link (shown only now: copy it)");
  await expect(address).toHaveValue(/\/s\/[0-9a-f]{32}$/);
  const shared = new URL(await address.inputValue()).pathname;
  const signedIn = await context.storageState();
  await context.close();
  const named = { plan, owners: `${plan}/owners`, calendar: `${plan}/calendar`, shared };
  const routes = budgets.routes.map((route) => ({ ...route, path: named[route.name] ?? route.path }));
  return { signedIn, routes };
}

/** A route's path as a report may show it: a link's address is its credential. */
export const shownPath = (route) => (route.name === "shared" ? "/s/<token>" : route.path);
