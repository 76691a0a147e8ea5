import { expect, expectAccessible, test } from "./fixtures";
import { ready, signIn } from "./helpers";

// The web server's command makes this organisation of 30 generated plans: six in each
// status, a quarter of them stalled.
const portfolio = { email: "portfolio@northwind.test", password: "coplan-demo" };

test("the portfolio pages back and forth, and its filters live in the URL", async ({ page }, testInfo) => {
  await signIn(page, testInfo, portfolio.email, portfolio.password);
  await ready(page, testInfo);
  const plans = page.getByRole("region", { name: "Plans", exact: true });
  const pages = page.getByRole("navigation", { name: "Pages of plans" });
  await expect(page.getByText("25 plans on this page, of 30 in all.")).toBeVisible();
  await expect(plans.getByRole("row")).toHaveCount(26);
  await expect(pages.getByRole("link", { name: "Previous page" })).toHaveCount(0);
  // The default order puts the unhealthy first: the first row has findings.
  await expect(plans.getByRole("row").nth(1).getByRole("cell").nth(5)).toHaveText(/^\d+ findings?/);
  const firstPage = await plans.getByRole("row").allTextContents();
  await expectAccessible(page, testInfo);

  await pages.getByRole("link", { name: "Next page" }).click();
  await expect(page.getByText("5 plans on this page, of 30 in all.")).toBeVisible();
  await expect(page).toHaveURL(/after=/);
  await expect(pages.getByRole("link", { name: "Next page" })).toHaveCount(0);
  const secondPage = await plans.getByRole("row").allTextContents();
  expect(secondPage.slice(1).filter((row) => firstPage.includes(row))).toEqual([]);
  await pages.getByRole("link", { name: "Previous page" }).click();
  await expect(page.getByText("25 plans on this page, of 30 in all.")).toBeVisible();
  expect(await plans.getByRole("row").allTextContents()).toEqual(firstPage);

  await page.getByLabel("Status").selectOption({ label: "Won (6)" });
  await page.getByLabel("Order").selectOption({ label: "Title" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=won/);
  await expect(page.getByText("6 plans on this page match the filters, of 30 in all.")).toBeVisible();
  const statuses = plans.getByRole("row").locator("td:nth-child(5)");
  await expect(statuses).toHaveText(Array(6).fill("Won"));
  const titles = await plans.getByRole("row").locator("td:first-child").allTextContents();
  expect(titles).toEqual([...titles].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  await expect(plans.getByRole("columnheader", { name: "Title" })).toHaveAttribute("aria-sort", "ascending");

  // A reload (or a link) keeps the filters.
  await page.reload();
  await ready(page, testInfo);
  await expect(page.getByText("6 plans on this page match the filters, of 30 in all.")).toBeVisible();
  await expect(page.getByLabel("Status")).toHaveValue("won");

  await page.getByRole("link", { name: "Clear filters" }).click();
  await page.getByLabel("Health").selectOption("stalled");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/health=stalled/);
  const health = plans.getByRole("row").locator("td:nth-child(6)");
  await expect(health.first()).toContainText(/\d+ stalled/);
  for (const cell of await health.all()) await expect(cell).toContainText(/\d+ stalled/);
  await expectAccessible(page, testInfo);
});

test("the week's agenda lists the reviews ahead with what is stalled or overdue", async ({ page }, testInfo) => {
  await signIn(page, testInfo, portfolio.email, portfolio.password);
  const agenda = page.getByRole("region", { name: "This week's agenda" });
  const stalled = agenda.getByRole("listitem").filter({ hasText: "Tailspin Toys renewal and expansion" }).first();
  await expect(stalled).toContainText(/has stalled: no update for \d+ days/);
  // Its link opens that meeting's review log.
  await stalled.getByRole("link", { name: /^Review / }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Review of \w+ \d+ \w+ \d{4}$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Tailspin Toys renewal and expansion \d+/ })).toBeVisible();
});
