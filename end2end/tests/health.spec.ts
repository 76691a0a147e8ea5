import { expect, test } from "./fixtures";
import { demo, jsOn, newPlan, ready, signIn } from "./helpers";

test("the plans list counts each plan's health findings", async ({ page }, testInfo) => {
  await signIn(page, testInfo, demo.email, demo.password);
  const healthy = page.getByRole("row", { name: /Fabrikam data platform modernisation/ });
  await expect(healthy.getByRole("cell", { name: "No findings" })).toBeVisible();
  const stalled = page.getByRole("row", { name: /Tailspin Toys renewal and expansion/ });
  await expect(stalled.getByRole("cell", { name: /^\d+ findings?, 1 stalled, \d+ overdue$/ })).toBeVisible();
  // Each plan's next review, in its own zone; a cadence without a start date has none.
  await expect(healthy.getByRole("cell", { name: /^Tue \d+ \w+, 10:00\s*Europe\/London$/ })).toBeVisible();
  await expect(stalled.getByRole("cell", { name: /^Mon \d+ \w+, 15:00\s*America\/New_York$/ })).toBeVisible();
  const pilot = page.getByRole("row", { name: /Adventure Works pilot/ });
  await expect(pilot.getByRole("cell", { name: "No series yet" })).toBeVisible();
});

test("a plan's health lists what fails, most severe first, linked to what fixes it", async ({ page }, testInfo) => {
  await signIn(page, testInfo, demo.email, demo.password);
  await page.getByRole("link", { name: "Tailspin Toys renewal and expansion" }).click();
  const health = page.getByRole("region", { name: "Plan health" });
  await expect(health.getByRole("link", { name: /Send the renewal quote on reseller paper.*has stalled/ })).toBeVisible();
  await expect(health.getByRole("link", { name: /passed with no review logged/ })).toBeVisible();
  const severities = await health.getByRole("listitem").evaluateAll((items) =>
    items.map((li) => li.querySelector(".severity")?.textContent));
  const rank = { Blocker: 0, Major: 1, Minor: 2 } as Record<string, number>;
  const ranks = severities.map((s) => rank[s ?? ""]);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

  await health.getByRole("link", { name: /passed with no review logged/ }).click();
  if (jsOn(testInfo)) {
    await expect(page.getByRole("region", { name: "Cadence and target" })).toBeFocused();
  } else {
    await expect(page).toHaveURL(/#part-cadence-section$/);
  }

  await page.goto("/plans");
  await page.getByRole("link", { name: "Fabrikam data platform modernisation" }).click();
  await expect(page.getByRole("region", { name: "Plan health" })).toContainText("Executable: every check passes.");
});

test("a health finding focuses its field and disappears once fixed", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "editing in place needs JavaScript");
  await newPlan(page, testInfo, "Health fix plan");
  const health = page.getByRole("region", { name: "Plan health" });
  await expect(health.getByRole("link", { name: "The deal motion is not defined." })).toBeVisible();

  // The finding takes the person to the field that fixes it, ready to type.
  await health.getByRole("link", { name: "The deal motion is not defined." }).click();
  const motion = page.getByRole("region", { name: "Deal motion" });
  await expect(motion.getByLabel("Who fronts the customer")).toBeFocused();
  await motion.getByLabel("Who fronts the customer").selectOption("joint");
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
  await motion.getByLabel("How we coordinate").fill("Contoso delivers, we sell.");
  await motion.getByLabel("How we coordinate").blur();
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();

  // Gone at once, without a reload, and still gone after one.
  await expect(health.getByRole("link", { name: "The deal motion is not defined." })).toHaveCount(0);
  await expect(health.getByRole("link", { name: "No shared account is named." })).toBeVisible();
  await page.reload();
  await ready(page, testInfo);
  await expect(health.getByRole("link", { name: "No shared account is named." })).toBeVisible();
  await expect(health.getByRole("link", { name: "The deal motion is not defined." })).toHaveCount(0);

  // Adding a row is a fix too.
  await page.getByRole("region", { name: "Shared accounts" }).getByRole("button", { name: "Add account" }).click();
  await expect(health.getByRole("link", { name: "No shared account is named." })).toHaveCount(0);
});
