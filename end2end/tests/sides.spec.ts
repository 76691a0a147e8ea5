import { expect, test } from "./fixtures";
import { newPlan, ready } from "./helpers";

// Partners, the mode, owners and escalation chains shape several parts of the page at once.
test.describe("the plan's sides", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "editing in place needs JavaScript");

  test("a partner added in the header gets its owners, actions and escalation, and a chain is built", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Second partner plan", "Second Partner Ltd");
    const saved = page.getByRole("status").filter({ hasText: /^Saved/ });
    const region = (name: string) => page.getByRole("region", { name });
    const partners = page.getByRole("group", { name: "Partners" });

    await partners.getByRole("button", { name: "Add partner" }).click();
    const added = partners.getByRole("group", { name: "New partner" }).getByLabel("Partner", { exact: true });
    await added.fill("Globex");
    await added.blur();
    await expect(saved).toBeVisible();
    await partners.getByRole("group", { name: "Globex" }).getByLabel("Partner type").selectOption("systems_integrator");
    await expect(saved).toBeVisible();

    // The new partner's columns appear at once, named as typed, without a reload.
    await expect(region("Owners").getByRole("heading", { name: "Globex" })).toBeVisible();
    await expect(region("Joint actions").getByRole("heading", { name: "What Globex does" })).toBeVisible();
    const escalation = region("Escalation path").getByRole("group", { name: "Escalation (Globex)" });
    await expect(escalation.getByLabel("Stalled after (days)")).toHaveValue("14");

    // A chain is made of the side's owners: none yet, so the app says what to do first.
    await escalation.getByRole("button", { name: "Add to escalation (Globex)" }).click();
    await expect(escalation.getByText("Name an owner on this side first")).toBeVisible();
    await region("Owners").getByRole("button", { name: "Add owner (Globex)" }).click();
    const first = region("Owners").getByRole("group", { name: "New person" }).getByLabel("First name");
    await first.fill("Hank");
    await first.blur();
    await expect(saved).toBeVisible();
    const last = region("Owners").getByRole("group", { name: "Hank person" }).getByLabel("Last name");
    await last.fill("Scorpio");
    await last.blur();
    await expect(saved).toBeVisible();
    await escalation.getByRole("button", { name: "Add to escalation (Globex)" }).click();
    await expect(escalation.getByLabel("Escalates to")).toHaveValue(/\d+/);
    await expect(escalation.getByLabel("Escalates to").locator("option:checked")).toHaveText("Hank Scorpio");
    await escalation.getByLabel("Stalled after (days)").fill("7");
    await escalation.getByLabel("Stalled after (days)").blur();
    await expect(saved).toBeVisible();

    await page.reload();
    await ready(page, testInfo);
    await expect(partners.getByRole("group", { name: "Globex" }).getByLabel("Partner type")).toHaveValue("systems_integrator");
    await expect(escalation.getByLabel("Stalled after (days)")).toHaveValue("7");
    await expect(escalation.getByLabel("Escalates to").locator("option:checked")).toHaveText("Hank Scorpio");

    // A partner with an owner stays, with the reason why.
    await partners.getByRole("group", { name: "Globex" }).getByRole("button", { name: "Remove partner" }).click();
    await expect(partners.getByText("remove or reassign them first")).toBeVisible();
    await expect(partners.getByRole("group", { name: "Globex" })).toBeVisible();

    // Without their owner, the chain is empty and the partner can go, columns and all.
    await region("Owners").getByRole("group", { name: "Hank Scorpio" }).getByRole("button", { name: "Remove owner" }).click();
    await expect(escalation.getByLabel("Escalates to")).toHaveCount(0);
    await partners.getByRole("group", { name: "Globex" }).getByRole("button", { name: "Remove partner" }).click();
    await expect(partners.getByRole("group", { name: "Globex" })).toHaveCount(0);
    await expect(region("Owners").getByRole("heading", { name: "Globex" })).toHaveCount(0);
    await expect(region("Escalation path").getByRole("group", { name: "Escalation (Globex)" })).toHaveCount(0);
  });

  test("switching to a mutual action plan hides the partner at once, and back", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Mode switch plan", "Mode Switch Ltd");
    const owners = page.getByRole("region", { name: "Owners" });
    await expect(owners.getByRole("heading", { name: "Contoso" })).toBeVisible();
    await page.getByLabel("Mode").selectOption("map");
    await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
    await expect(owners.getByRole("heading", { name: "Contoso" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Joint actions" }).getByRole("heading", { name: "What Contoso does" })).toHaveCount(0);
    await page.getByLabel("Mode").selectOption("three_party");
    await expect(owners.getByRole("heading", { name: "Contoso" })).toBeVisible();
  });

  test("an owner added is at once a choice for milestones, and a line's party is chosen", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Owner choice plan", "Owner Choice Ltd");
    const saved = page.getByRole("status").filter({ hasText: /^Saved/ });
    const region = (name: string) => page.getByRole("region", { name });
    await region("Milestones").getByRole("button", { name: "Add milestone" }).click();
    await region("Owners").getByRole("button", { name: "Add owner (Vendor)" }).click();
    const person = region("Owners").getByRole("group", { name: "New person" });
    await person.getByLabel("First name").fill("Zoe");
    await person.getByLabel("First name").blur();
    await expect(saved).toBeVisible();
    // The row answers to its new name, to a screen reader as to this test.
    await expect(region("Owners").getByRole("group", { name: "Zoe person" })).toBeVisible();
    // Renamed in Owners, chosen in Milestones: no reload in between.
    const owner = region("Milestones").getByRole("group", { name: "New milestone" }).getByLabel("Owner");
    await owner.selectOption({ label: "Zoe person" });
    await expect(saved).toBeVisible();

    await region("Economics and credit").getByRole("button", { name: "Add economics line" }).click();
    const line = region("Economics and credit").getByRole("group", { name: "Other line" });
    await expect(line.getByLabel("For")).toHaveValue("vendor");
    await line.getByLabel("For").selectOption({ label: "Contoso" });
    await expect(saved).toBeVisible();

    await page.reload();
    await ready(page, testInfo);
    await expect(region("Milestones").getByLabel("Owner").locator("option:checked")).toHaveText("Zoe person");
    await expect(line.getByLabel("For").locator("option:checked")).toHaveText("Contoso");

    // Zoe leaves: her milestone has no owner, here as in the store, and gets a new one
    // without a conflict.
    await region("Owners").getByRole("group", { name: "Zoe person" }).getByRole("button", { name: "Remove owner" }).click();
    await expect(region("Milestones").getByLabel("Owner").locator("option:checked")).toHaveText("No owner");
    await region("Owners").getByRole("button", { name: "Add owner (Vendor)" }).click();
    await expect(region("Owners").getByRole("group", { name: "New person" })).toBeVisible();
    await region("Milestones").getByLabel("Owner").selectOption({ label: "New person" });
    await expect(saved).toBeVisible();
    await page.reload();
    await ready(page, testInfo);
    await expect(region("Milestones").getByLabel("Owner").locator("option:checked")).toHaveText("New person");
  });
});
