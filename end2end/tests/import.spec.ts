import { expect, expectAccessible, test } from "./fixtures";
import { demo, ready, signIn } from "./helpers";

// Each project imports accounts of its own name, so the two runs on one server never see
// each other's rows as "unchanged".
test("an overlap file is previewed, remapped, imported, and a plan started from an account", async ({ page }, testInfo) => {
  // A whole journey over eight pages: more than one page's time.
  test.slow();
  const name = `Northwind Traders ${testInfo.project.name}`;
  const domain = `northwind-${testInfo.project.name}.test`;
  const file = [
    "Company Name,Domain,Population,Their Population,Region",
    `"${name}",https://www.${domain}/,Prospects,Customers,EMEA`,
    `Fabrikam Fiber ${testInfo.project.name},fabrikam-${testInfo.project.name}.test,Opportunities,Customers,AMER`,
    "Bad Row Co,bad.test,Sometime,Customers,EMEA",
  ].join("\r\n");

  await signIn(page, testInfo, demo.email, demo.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Partners" }).click();
  await page.getByRole("link", { name: "Contoso Consulting" }).click();
  await page.getByRole("link", { name: "Import overlap accounts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import overlap accounts" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Overlap CSV file").setInputFiles({ name: "crossbeam-overlap.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  await page.getByRole("button", { name: "Upload and preview" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Check crossbeam-overlap.csv" })).toBeVisible();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("listitem").filter({ hasText: "new accounts" })).toHaveText("2 new accounts");
  const rejected = preview.getByRole("region", { name: "Rejected rows" });
  await expect(rejected.getByRole("row", { name: /^4 .*Sometime/ })).toBeVisible();
  await expect(page.getByLabel("Segment")).toHaveValue("");
  await expectAccessible(page, testInfo);

  // "Region" is the segment: the user says so, and the preview follows.
  await page.getByLabel("Segment").selectOption({ label: "Column 5: Region" });
  await page.getByRole("button", { name: "Update the preview" }).click();
  await expect(page).toHaveURL(/map_segment=4/);
  await expect(page.getByLabel("Segment")).toHaveValue("4");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Import 2 accounts" }).click();
  await expect(page.getByRole("status")).toHaveText("Imported: 2 new, 0 updated and 0 unchanged accounts.");

  await page.getByRole("link", { name: "See Contoso Consulting's target accounts" }).click();
  const accounts = page.getByRole("region", { name: "Target accounts, by name" });
  const row = accounts.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(domain);
  await expect(row).toContainText("EMEA");
  await expectAccessible(page, testInfo);
  await ready(page, testInfo);
  await row.getByRole("button", { name: `Start a plan for ${name}` }).click();

  const title = `${name} with Contoso Consulting`;
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("link", { name: "Contoso Consulting" }).first()).toBeVisible();

  // The portfolio finds it under its partnership.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Plans" }).click();
  const partnership = page.getByLabel("Partnership");
  const contoso = (await partnership.locator("option", { hasText: "Contoso Consulting" }).textContent()) ?? "";
  await partnership.selectOption({ label: contoso });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/partnership=\d+/);
  const plans = page.getByRole("region", { name: "Plans", exact: true });
  await expect(plans.getByRole("row", { name: new RegExp(title) })).toBeVisible();
  await expect(plans.getByRole("row", { name: /Adventure Works pilot/ })).toHaveCount(0);
  await expectAccessible(page, testInfo);
});
