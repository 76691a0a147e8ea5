import { expect, expectAccessible, test } from "./fixtures";
import { demo, ready, signIn } from "./helpers";

// Every page the app has, signed out and signed in, as the project runs it (JavaScript
// on, then off): axe finds no WCAG 2.2 A/AA violation on any.
test("the sign-in, sign-up and not-found pages pass axe", async ({ page }, testInfo) => {
  for (const path of ["/login", "/signup", "/no-such-page"]) {
    await page.goto(path);
    await ready(page, testInfo);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page, testInfo);
  }
});

test("the plans list and every demo plan pass axe", async ({ page }, testInfo) => {
  // Ten pages, each checked whole (with JavaScript off, in a copy of its own).
  test.setTimeout(180_000);
  await signIn(page, testInfo, demo.email, demo.password);
  await expect(page.getByRole("heading", { name: "Co-sell plans" })).toBeVisible();
  await ready(page, testInfo);
  await expectAccessible(page, testInfo);
  const links = page.getByRole("table").getByRole("link");
  const titles = await links.allTextContents();
  expect(titles.length).toBeGreaterThanOrEqual(4);
  for (const title of titles) {
    await page.goto("/plans");
    await page.getByRole("link", { name: title, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await ready(page, testInfo);
    await expectAccessible(page, testInfo);
    // And its owners grid, full width.
    await page.goto(`${page.url()}/owners`);
    await expect(page.getByRole("heading", { level: 1, name: `Owners: ${title}` })).toBeVisible();
    await ready(page, testInfo);
    await expectAccessible(page, testInfo);
  }
  await page.goto("/plans/999999");
  await expect(page.getByRole("heading", { name: "Plan not found" })).toBeVisible();
  await expectAccessible(page, testInfo);
});
