import { expect, test } from "./fixtures";
import { newPlan, ready } from "./helpers";

test("the history lists each change newest first and filters by part", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "editing in place needs JavaScript");
  await newPlan(page, testInfo, "History plan", "History Ltd");

  const details = page.getByRole("group", { name: "Plan details" });
  await details.getByLabel("Buyer account").fill("Fabrikam Group");
  await details.getByLabel("Buyer account").blur();
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
  await page.getByRole("region", { name: "Joint actions" }).getByRole("button", { name: "Add action (Vendor)" }).click();
  await expect(page.getByRole("region", { name: "Joint actions" }).getByRole("group", { name: "New action" })).toBeVisible();

  const history = page.getByRole("region", { name: "History" });
  await page.reload();
  await ready(page, testInfo);
  const entries = history.getByRole("listitem");
  await expect(entries.first()).toContainText("added");
  await expect(history).toContainText("Fabrikam → Fabrikam Group");
  await expect(entries.last()).toContainText("created");

  await history.getByLabel("Part").selectOption({ label: "Joint actions" });
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText("actions");
  await history.getByLabel("Part").selectOption({ label: "Plan" });
  await expect(entries).toHaveCount(2);
  // No review was ever logged: "since the last review" is everything.
  await history.getByLabel("Since the last review").check();
  await expect(entries).toHaveCount(2);
});
