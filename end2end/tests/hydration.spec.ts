import { expect, test } from "./fixtures";
import { ready, signUp } from "./helpers";

test("creating a plan opens it, without loading a page", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "hydration needs JavaScript");
  await signUp(page, testInfo, "Hydration Inc");
  await ready(page, testInfo);
  const loads: string[] = [];
  page.on("load", () => loads.push(page.url()));
  // A full page load would wipe this marker.
  await page.evaluate(() => ((window as any).__sameDocument = true));

  await page.getByLabel("Title").fill("In-place plan");
  await page.getByLabel("Partner", { exact: true }).fill("Hooli");
  await page.getByLabel("Buyer account").fill("Pied Piper");
  await page.getByRole("button", { name: "Create plan" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "In-place plan" })).toBeVisible();
  await expect(page).toHaveURL(/\/plans\/\d+$/);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  expect(loads).toEqual([]);
});
