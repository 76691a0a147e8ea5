import { expect, test } from "./fixtures";
import { demo, ownersGrid, signIn } from "./helpers";

// Pictures to look at after a run (end2end/screenshots/), each of a page checked first.
test("screenshots of sign-in, the plans list and a plan", async ({ page }, testInfo) => {
  const dir = `screenshots/${process.env.COPLAN_E2E_NAME ?? "local"}-${testInfo.project.name}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: `${dir}/login.png`, fullPage: true });

  await signIn(page, testInfo, demo.email, demo.password);
  await expect(page.getByRole("link", { name: "Adventure Works pilot" })).toBeVisible();
  await page.screenshot({ path: `${dir}/plans.png`, fullPage: true });

  await page.getByRole("link", { name: "Fabrikam data platform modernisation" }).click();
  await expect(page.getByRole("region", { name: "Joint actions" })).toBeVisible();
  await page.screenshot({ path: `${dir}/plan.png`, fullPage: true });
});

test("screenshots of a two-partner owners grid, on a laptop and on a phone", async ({ page }, testInfo) => {
  const dir = `screenshots/${process.env.COPLAN_E2E_NAME ?? "local"}-${testInfo.project.name}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, testInfo, demo.email, demo.password);
  await page.getByRole("link", { name: "Fabrikam data platform modernisation" }).click();
  await page.getByRole("link", { name: "Open the owners grid full width" }).click();
  const grid = ownersGrid(page);
  await expect(grid.getByRole("columnheader")).toHaveText(["Role", "Vendor", "Contoso Consulting", "Litware Marketplace", "Buyer (Fabrikam Inc.)"]);
  await page.screenshot({ path: `${dir}/owners.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(grid.getByRole("rowheader", { name: "Account executive" })).toBeVisible();
  await page.screenshot({ path: `${dir}/owners-phone.png`, fullPage: true });
});

test("screenshots of the calendar's month and week, on a laptop and on a phone", async ({ page }, testInfo) => {
  const dir = `screenshots/${process.env.COPLAN_E2E_NAME ?? "local"}-${testInfo.project.name}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, testInfo, demo.email, demo.password);
  await page.getByRole("link", { name: "Fabrikam data platform modernisation" }).click();
  await page.getByRole("link", { name: "Open the calendar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Calendar: Fabrikam data platform modernisation" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Review \d\d:\d\d/ }).first()).toBeVisible();
  await page.screenshot({ path: `${dir}/calendar-month.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("heading", { level: 3 }).first()).toBeVisible();
  await page.screenshot({ path: `${dir}/calendar-month-phone.png`, fullPage: true });
  await page.getByRole("link", { name: "Week", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Week of / })).toBeVisible();
  await page.screenshot({ path: `${dir}/calendar-week-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${dir}/calendar-week.png`, fullPage: true });
});
