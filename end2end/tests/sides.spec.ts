import { expect, test } from "./fixtures";
import { addNewPerson, gridCell, newPlan, ownersGrid, ready } from "./helpers";

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
    await expect(ownersGrid(page).getByRole("columnheader", { name: "Globex" })).toBeVisible();
    await expect(region("Joint actions").getByRole("heading", { name: "What Globex does" })).toBeVisible();
    const escalation = region("Escalation path").getByRole("group", { name: "Escalation (Globex)" });
    await expect(escalation.getByLabel("Stalled after (days)")).toHaveValue("14");

    // A chain is made of the side's owners: none yet, so the app says what to do first.
    await escalation.getByRole("button", { name: "Add to escalation (Globex)" }).click();
    await expect(escalation.getByText("Name an owner on this side first")).toBeVisible();
    await addNewPerson(page, await gridCell(ownersGrid(page), "Globex", "Partner counterpart"), "Hank Scorpio");
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
    const hank = await gridCell(ownersGrid(page), "Globex", "Partner counterpart");
    await hank.focus();
    await page.keyboard.press("Enter");
    await hank.getByRole("button", { name: "Remove Hank Scorpio from this cell" }).click();
    await expect(escalation.getByLabel("Escalates to")).toHaveCount(0);
    await partners.getByRole("group", { name: "Globex" }).getByRole("button", { name: "Remove partner" }).click();
    await expect(partners.getByRole("group", { name: "Globex" })).toHaveCount(0);
    await expect(ownersGrid(page).getByRole("columnheader", { name: "Globex" })).toHaveCount(0);
    await expect(region("Escalation path").getByRole("group", { name: "Escalation (Globex)" })).toHaveCount(0);
  });

  test("switching to a mutual action plan hides the partner at once, and back", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Mode switch plan", "Mode Switch Ltd");
    const owners = ownersGrid(page);
    await expect(owners.getByRole("columnheader", { name: "Contoso" })).toBeVisible();
    await page.getByLabel("Mode").selectOption("map");
    await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
    await expect(owners.getByRole("columnheader", { name: "Contoso" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Joint actions" }).getByRole("heading", { name: "What Contoso does" })).toHaveCount(0);
    await page.getByLabel("Mode").selectOption("three_party");
    await expect(owners.getByRole("columnheader", { name: "Contoso" })).toBeVisible();
  });

  test("an owner added is at once a choice for milestones, and a line's party is chosen", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Owner choice plan", "Owner Choice Ltd");
    const saved = page.getByRole("status").filter({ hasText: /^Saved/ });
    const region = (name: string) => page.getByRole("region", { name });
    await region("Milestones").getByRole("button", { name: "Add milestone" }).click();
    const vendor = await gridCell(ownersGrid(page), "Vendor", "Account executive");
    await addNewPerson(page, vendor, "Zoe Quinn");
    const first = vendor.getByLabel("First name");
    await first.fill("Zoë");
    await first.press("Tab");
    await expect(saved).toBeVisible();
    // Renamed in Owners, chosen in Milestones: no reload in between.
    const owner = region("Milestones").getByRole("group", { name: "New milestone" }).getByLabel("Owner");
    await owner.selectOption({ label: "Zoë Quinn" });
    await expect(saved).toBeVisible();

    await region("Economics and credit").getByRole("button", { name: "Add economics line" }).click();
    const line = region("Economics and credit").getByRole("group", { name: "Other line" });
    await expect(line.getByLabel("For")).toHaveValue("vendor");
    await line.getByLabel("For").selectOption({ label: "Contoso" });
    await expect(saved).toBeVisible();

    await page.reload();
    await ready(page, testInfo);
    await expect(region("Milestones").getByLabel("Owner").locator("option:checked")).toHaveText("Zoë Quinn");
    await expect(line.getByLabel("For").locator("option:checked")).toHaveText("Contoso");

    // Zoe leaves: her milestone has no owner, here as in the store, and gets a new one
    // without a conflict.
    await vendor.focus();
    await page.keyboard.press("Enter");
    await vendor.getByRole("button", { name: "Remove Zoë Quinn from this cell" }).click();
    await expect(region("Milestones").getByLabel("Owner").locator("option:checked")).toHaveText("No owner");
    await addNewPerson(page, vendor, "Yan Wu");
    await region("Milestones").getByLabel("Owner").selectOption({ label: "Yan Wu" });
    await expect(saved).toBeVisible();
    await page.reload();
    await ready(page, testInfo);
    await expect(region("Milestones").getByLabel("Owner").locator("option:checked")).toHaveText("Yan Wu");
  });
});
