import { expect, test } from "./fixtures";
import { addNewPerson, gridCell, newPlan, ownersGrid, ready } from "./helpers";

// Every part of a new plan, edited through the page, then read back after a reload.
test("edit every part of a plan, reload, see it", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "editing in place needs JavaScript");
  await newPlan(page, testInfo, "Every part plan", "Every Part Ltd");
  const saved = page.getByRole("status").filter({ hasText: /^Saved/ });
  const region = (name: string) => page.getByRole("region", { name });

  async function set(scope: ReturnType<typeof region>, label: string, value: string) {
    const field = scope.getByLabel(label, { exact: true });
    if (await field.evaluate((el) => el.tagName === "SELECT")) {
      await field.selectOption(value);
    } else {
      await field.fill(value);
      await field.blur();
    }
    await expect(saved).toBeVisible();
  }

  await region("Shared accounts").getByRole("button", { name: "Add account" }).click();
  // A row is named by its name field: once renamed, it answers to the new name.
  await set(region("Shared accounts").getByRole("group", { name: "New account" }), "Account", "Fabrikam Europe");
  await set(region("Shared accounts").getByRole("group", { name: "Fabrikam Europe" }), "Vendor relationship", "customer");

  await addNewPerson(page, await gridCell(ownersGrid(page), "Contoso", "Partner counterpart"), "Mei Tanaka", "mei@contoso.test");

  await region("Milestones").getByRole("button", { name: "Add milestone" }).click();
  await set(region("Milestones").getByRole("group", { name: "New milestone" }), "Milestone", "Security review passed");
  const milestone = region("Milestones").getByRole("group", { name: "Security review passed" });
  await set(milestone, "By", "2027-02-01");

  await region("Joint actions").getByRole("button", { name: "Add action (Vendor)" }).click();
  await set(region("Joint actions").getByRole("group", { name: "New action" }), "Action", "Send the pilot plan");
  const action = region("Joint actions").getByRole("group", { name: "Send the pilot plan" });
  await set(action, "Due date", "2027-01-10");
  await set(action, "Status", "in_progress");

  await region("Economics and credit").getByRole("button", { name: "Add economics line" }).click();
  const line = region("Economics and credit").getByRole("group", { name: "Other line" });
  await set(line, "Percent", "12.5");
  await set(line, "Note", "Referral on first year");
  await set(region("Economics and credit"), "Credit rule", "partner_sourced");
  await set(region("Economics and credit"), "Agreed for the vendor by", "Robin Owner");

  await set(region("Deal motion"), "Who fronts the customer", "joint");
  await set(region("Deal motion"), "How we coordinate", "Contoso leads delivery; we lead commercials.");

  await set(region("Cadence and target"), "Review frequency", "weekly");
  await set(region("Cadence and target"), "Review day", "Tue");
  await set(region("Cadence and target"), "Review time", "10:00");
  await set(region("Cadence and target"), "Time zone", "Europe/London");
  await set(region("Cadence and target"), "Review length (minutes)", "30");
  await set(region("Cadence and target"), "Target amount", "250000");
  await set(region("Cadence and target"), "Target currency", "eur");
  await set(region("Cadence and target"), "Target date", "2027-03-31");
  // The header's target follows at once.
  await expect(page.getByText("250,000 EUR by 31 Mar 2027")).toBeVisible();

  await page.reload();
  await ready(page, testInfo);
  await expect(region("Shared accounts").getByRole("group", { name: "Fabrikam Europe" }).getByLabel("Vendor relationship")).toHaveValue("customer");
  await expect(await gridCell(ownersGrid(page), "Contoso", "Partner counterpart")).toContainText("Mei Tanaka");
  await expect(region("Milestones").getByRole("group", { name: "Security review passed" }).getByLabel("By")).toHaveValue("2027-02-01");
  const savedAction = region("Joint actions").getByRole("group", { name: "Send the pilot plan" });
  await expect(savedAction.getByLabel("Status")).toHaveValue("in_progress");
  await expect(savedAction.getByLabel("Due date")).toHaveValue("2027-01-10");
  await expect(region("Economics and credit").getByLabel("Percent")).toHaveValue("12.5");
  await expect(region("Economics and credit").getByLabel("Credit rule", { exact: true })).toHaveValue("partner_sourced");
  await expect(region("Deal motion").getByLabel("Who fronts the customer")).toHaveValue("joint");
  await expect(region("Cadence and target").getByLabel("Target currency")).toHaveValue("EUR");
  await expect(region("Cadence and target").getByLabel("Time zone")).toHaveValue("Europe/London");
});

test("rows move and go by keyboard", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "editing in place needs JavaScript");
  await newPlan(page, testInfo, "Rows plan", "Rows Ltd");
  const milestones = page.getByRole("region", { name: "Milestones" });
  const add = milestones.getByRole("button", { name: "Add milestone" });
  await add.click();
  const title = milestones.getByRole("group", { name: "New milestone" }).getByLabel("Milestone", { exact: true });
  await title.fill("First");
  await title.blur();
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
  await add.click();
  await expect(milestones.getByRole("group")).toHaveCount(2);
  // Keyboard: focus the second row's "move up" and press Enter.
  const up = milestones.getByRole("group").nth(1).getByRole("button", { name: "Move milestone up" });
  await up.focus();
  await page.keyboard.press("Enter");
  // The row named "First" moves below once the server agreed, and stays there.
  await expect(milestones.getByRole("group").first()).toHaveAccessibleName("New milestone");
  await expect(milestones.getByRole("group").last()).toHaveAccessibleName("First");
  await page.reload();
  await ready(page, testInfo);
  await expect(milestones.getByRole("group").first()).toHaveAccessibleName("New milestone");
  await expect(milestones.getByRole("group").last()).toHaveAccessibleName("First");
  await milestones.getByRole("group").first().getByRole("button", { name: "Remove milestone" }).click();
  await expect(milestones.getByRole("group")).toHaveCount(1);
});
