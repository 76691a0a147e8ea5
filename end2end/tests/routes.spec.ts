import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { demo, ready, signIn } from "./helpers";

// The browser bundle is split at the routes (app/src/routes.rs): each page's code comes in
// chunks of its own, which a direct load preloads and a navigation fetches. These tests
// load every route both ways, and see what a page of an older build does when its next
// chunk is gone.
test.describe("routes in chunks", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "chunks are the browser's code");

  const largest = "Fabrikam global rollout";

  /** Collects the page's uncaught errors: a hydration that fails throws one. */
  function errorsOf(page: Page): string[] {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    return errors;
  }

  /** Loads `path` as a new visit would and waits for it to hydrate under its heading. */
  async function load(page: Page, testInfo: Parameters<typeof ready>[1], path: string, heading: string | RegExp) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await ready(page, testInfo);
  }

  test("every route loads directly and hydrates", async ({ page, browser }, testInfo) => {
    test.slow();
    const errors = errorsOf(page);
    await load(page, testInfo, "/login", "Sign in to Coplan");
    await load(page, testInfo, "/signup", "Create your Coplan account");
    await signIn(page, testInfo, demo.email, demo.password);
    await load(page, testInfo, "/plans", "Co-sell plans");
    const plan = await page.getByRole("link", { name: largest, exact: true }).getAttribute("href");
    if (!plan) throw new Error("the plans list links no plan");
    await load(page, testInfo, plan, largest);
    await load(page, testInfo, `${plan}/owners`, `Owners: ${largest}`);
    await load(page, testInfo, `${plan}/calendar`, `Calendar: ${largest}`);
    await page.getByRole("link", { name: /^Review / }).first().click();
    await expect(page).toHaveURL(/\/reviews\/\d{4}-\d{2}-\d{2}$/);
    const review = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
    await load(page, testInfo, new URL(page.url()).pathname, review);
    await load(page, testInfo, "/partners", "Partners");
    await page.getByRole("link", { name: "Contoso Consulting" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Contoso Consulting" })).toBeVisible();
    const partnership = new URL(page.url()).pathname;
    await load(page, testInfo, partnership, "Contoso Consulting");
    await load(page, testInfo, `${partnership}/import`, "Import overlap accounts");
    await page.getByLabel("Overlap CSV file").setInputFiles({
      name: "routes.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Company Name,Domain,Population,Their Population\r\nRoute Test Co,route-test.test,Prospects,Customers\r\n"),
    });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check routes.csv" })).toBeVisible();
    await load(page, testInfo, new URL(page.url()).pathname, "Check routes.csv");

    // A partner's link, opened in a browser that has never seen Coplan.
    await load(page, testInfo, plan, largest);
    const links = page.getByRole("region", { name: "Shared links" });
    await links.getByLabel("For", { exact: true }).selectOption({ index: 1 });
    await links.getByLabel("Who it is for").fill(`Routes ${testInfo.project.name} ${Date.now()}`);
    await links.getByLabel("They may").selectOption({ label: "View and update own actions" });
    await links.getByRole("button", { name: "Make a link" }).click();
    const address = links.getByLabel("The link (shown only now: copy it)");
    await expect(address).toHaveValue(/\/s\/[0-9a-f]{32}$/);
    const visitor = await browser.newContext();
    try {
      const shared = await visitor.newPage();
      const sharedErrors = errorsOf(shared);
      await load(shared, testInfo, await address.inputValue(), largest);
      expect(sharedErrors).toEqual([]);
    } finally {
      await visitor.close();
    }
    expect(errors).toEqual([]);
  });

  test("back and forward move between routes in the page", async ({ page }, testInfo) => {
    const errors = errorsOf(page);
    await signIn(page, testInfo, demo.email, demo.password);
    await ready(page, testInfo);
    // A full page load would wipe this marker.
    await page.evaluate(() => ((window as any).__sameDocument = true));
    await page.getByRole("link", { name: largest, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: largest })).toBeVisible();
    await page.getByRole("link", { name: "Open the owners grid full width" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Owners: ${largest}` })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: largest })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: "Co-sell plans" })).toBeVisible();
    await page.goForward();
    await expect(page.getByRole("heading", { level: 1, name: largest })).toBeVisible();
    await page.goForward();
    await expect(page.getByRole("heading", { level: 1, name: `Owners: ${largest}` })).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Partners" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Partners" })).toBeVisible();
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    expect(errors).toEqual([]);
  });

  test("a chunk gone after a deploy: the page says to reload and keeps what was typed", async ({ page }, testInfo) => {
    await signIn(page, testInfo, demo.email, demo.password);
    await ready(page, testInfo);
    // The server of a newer build no longer has this build's chunks: every module the page
    // has not fetched yet is now a 404.
    await page.route(/\/pkg\/.*\.wasm$/, (route) => route.fulfill({ status: 404, body: "Not found" }));
    await page.getByLabel("Title").fill("A plan I was typing");
    await page.getByRole("link", { name: largest, exact: true }).click();
    const stopped = page.getByRole("alert").filter({ hasText: "Coplan was updated while this page was open" });
    await expect(stopped).toContainText("Copy anything you typed that is not saved yet, then reload the page.");
    // Wherever the page was scrolled to.
    await expect(stopped).toBeInViewport();
    await expect(page.getByLabel("Title")).toHaveValue("A plan I was typing");
  });
});
