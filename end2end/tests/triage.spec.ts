import { expect, test } from "./fixtures";
import { ready, signUp } from "./helpers";

test("triage suggests a mutual action plan for a 20-day cycle with no economics", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "the suggestion is answered in place");
  await signUp(page, testInfo, "Triage Ltd");
  await ready(page, testInfo);
  await page.getByLabel("Title").fill("Quick pilot");
  await page.getByLabel("Partner", { exact: true }).fill("Proseware");
  await page.getByLabel("Buyer account").fill("Adventure Works");
  await page.getByLabel("Expected cycle length (days)").fill("20");
  await page.getByLabel("Economics shared with the partner").selectOption({ label: "No" });
  await page.getByRole("button", { name: "Create plan" }).click();

  await expect(page.getByText("A two-party mutual action plan may suit this deal better")).toContainText(
    "the cycle is 20 days, under 30, no economics are shared");
  await expect(page.getByRole("heading", { level: 1, name: "Quick pilot" })).toBeVisible();
  await page.getByRole("button", { name: "Use a mutual action plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Switched to a mutual action plan" })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByRole("group", { name: "Plan details" }).getByLabel("Mode")).toHaveValue("map");
  const actions = page.getByRole("region", { name: "Joint actions" });
  await expect(actions.getByRole("button", { name: "Add action (Vendor)" })).toBeVisible();
  await expect(actions.getByRole("button", { name: "Add action (Proseware)" })).toHaveCount(0);
});

test("a long cycle with an active partner and shared economics stays a three-party plan", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "the suggestion is answered in place");
  await signUp(page, testInfo, "Triage Three Ltd");
  await ready(page, testInfo);
  await page.getByLabel("Title").fill("Big deal");
  await page.getByLabel("Partner", { exact: true }).fill("Contoso");
  await page.getByLabel("Buyer account").fill("Fabrikam");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Big deal" })).toBeVisible();
  await expect(page.getByText("mutual action plan may suit")).toHaveCount(0);
});
