import { expect, test } from "./fixtures";
import { newPlan, ready } from "./helpers";

// Each test works on a plan of its own organisation, so tests never share data.
test.describe("editing in place", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "saving as you type needs JavaScript");

  test("a field saves itself after typing stops and survives a reload", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Autosave plan");
    const header = page.getByRole("group", { name: "Plan details" });
    await header.getByLabel("Buyer account").fill("Fabrikam Holdings");
    await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
    await header.getByLabel("Status").selectOption({ label: "Active" });
    await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
    // The page's heading and the tab's title follow a new title at once.
    await header.getByLabel("Title").fill("Autosave plan, renamed");
    await header.getByLabel("Title").blur();
    await expect(page.getByRole("heading", { level: 1, name: "Autosave plan, renamed" })).toBeVisible();
    await expect(page).toHaveTitle("Autosave plan, renamed · Coplan");

    await page.reload();
    await ready(page, testInfo);
    await expect(header.getByLabel("Buyer account")).toHaveValue("Fabrikam Holdings");
    await expect(header.getByLabel("Status")).toHaveValue("active");
  });

  test("a rejected value stays in the field with its message", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Validation plan");
    const title = page.getByRole("group", { name: "Plan details" }).getByLabel("Title");
    await title.fill("   ");
    await title.blur();
    await expect(page.getByText("Title is required.")).toBeVisible();
    await expect(title).toHaveValue("   ");
    await expect(page.getByRole("status").filter({ hasText: "Not saved" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("group", { name: "Plan details" }).getByLabel("Title")).toHaveValue("Validation plan");
  });

  test("a page left open across a deploy is told to reload, and keeps what was typed", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Deploy plan");
    // The page's calls carry the build the page names.
    const build = await page.locator('meta[name="coplan-build"]').getAttribute("content");
    expect(build).toMatch(/^[0-9a-f]{16}$/);
    const call = page.waitForRequest((request) => request.url().includes("/api/"));
    await page.getByRole("group", { name: "Plan details" }).getByLabel("Status").selectOption({ label: "Active" });
    expect((await call).headers()["x-coplan-build"]).toBe(build);
    await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();

    // The page's calls now say they come from another build, as an open tab's would after
    // a deploy.
    await page.route("**/api/**", (route) =>
      route.continue({ headers: { ...route.request().headers(), "x-coplan-build": "an-older-build" } }),
    );
    const account = page.getByRole("group", { name: "Plan details" }).getByLabel("Buyer account");
    await account.fill("Typed before the reload");
    await account.blur();
    await expect(page.getByText("Not saved: Coplan was updated while this page was open, so this was not saved.")).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Not saved" })).toBeVisible();
    await expect(account).toHaveValue("Typed before the reload");

    await page.unrouteAll();
    await page.reload();
    await ready(page, testInfo);
    await expect(page.getByRole("group", { name: "Plan details" }).getByLabel("Buyer account")).toHaveValue("Fabrikam");
  });

  test("two people editing the same field: the second sees a conflict and chooses", async ({ browser }, testInfo) => {
    const ann = await browser.newPage();
    await newPlan(ann, testInfo, "Conflict plan");
    const url = ann.url();
    const cookies = await ann.context().cookies();
    const benContext = await browser.newContext();
    await benContext.addCookies(cookies);
    const ben = await benContext.newPage();
    await ben.goto(url);
    await ready(ben, testInfo);

    const annField = ann.getByRole("group", { name: "Plan details" }).getByLabel("Buyer account");
    const benField = ben.getByRole("group", { name: "Plan details" }).getByLabel("Buyer account");
    await annField.fill("Ann's account");
    await annField.blur();
    await expect(ann.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();

    await benField.fill("Ben's account");
    await benField.blur();
    const conflict = ben.getByRole("alert").filter({ hasText: "Someone else changed this" });
    await expect(conflict).toContainText("Ann's account");
    await expect(conflict).toContainText("Ben's account");
    await expect(ben.getByRole("status").filter({ hasText: "Conflict" })).toBeVisible();
    await ben.screenshot({ path: `screenshots/${process.env.COPLAN_E2E_NAME ?? "local"}-js-on/conflict.png` });

    await conflict.getByRole("button", { name: "Keep mine" }).click();
    await expect(ben.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
    await ann.reload();
    await expect(ann.getByRole("group", { name: "Plan details" }).getByLabel("Buyer account")).toHaveValue("Ben's account");
    await benContext.close();
  });
});

test("the plan's sections and values render with JavaScript off too", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-off", "the server-rendered page");
  await newPlan(page, testInfo, "Readable plan");
  await expect(page.getByRole("group", { name: "Plan details" }).getByLabel("Title")).toHaveValue("Readable plan");
  await expect(page.getByRole("group", { name: "Plan details" }).getByLabel("Status")).toHaveValue("draft");
  for (const part of ["Plan health", "Shared accounts", "Owners", "Milestones", "Joint actions",
    "Economics and credit", "Escalation path", "Deal motion", "Cadence and target", "History"]) {
    await expect(page.getByRole("region", { name: part })).toBeVisible();
  }
  await expect(page.getByRole("group", { name: "Partners" }).getByLabel("Partner", { exact: true })).toHaveValue("Contoso");
  await expect(page.getByRole("region", { name: "Escalation path" }).getByLabel("Stalled after (days)")).toHaveCount(3);
  // What needs the browser says so, instead of loading forever.
  await expect(page.getByText("The history needs JavaScript to show.")).toBeVisible();
  await expect(page.getByText("Loading the history…")).toBeHidden();
});
