import { expect, expectAccessible, test } from "./fixtures";
import { demo, jsOn, ready, signIn } from "./helpers";

// Partnerships come from the plans' partners: the demo runs two plans with Contoso.
test("the partners list each partner company once, and a partnership shows its plans by status", async ({ page }, testInfo) => {
  await signIn(page, testInfo, demo.email, demo.password);
  await ready(page, testInfo);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Partners" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Partners" })).toBeVisible();
  const contoso = page.getByRole("listitem").filter({ hasText: "Contoso Consulting" });
  await expect(contoso).toHaveCount(1);
  await expect(contoso).toContainText(/\d+ plans?/);
  await expectAccessible(page, testInfo);

  await contoso.getByRole("link", { name: "Contoso Consulting" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contoso Consulting" })).toBeVisible();
  const plans = page.getByRole("region", { name: "Plans", exact: true });
  await expect(plans.getByRole("link", { name: "Fabrikam data platform modernisation" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Plans by status" })).toContainText("Active");
  // Its target accounts, as the demo's overlap import left them.
  const accounts = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Account" }) });
  await expect(accounts.getByRole("row", { name: /Tailspin Toys/ })).toContainText("tailspintoys.com");
  await expectAccessible(page, testInfo);
});

// Each project edits a partnership of its own: the two run at once on one server.
test("a partnership's terms save, refuse a wrong currency keeping what was typed, and show a conflict", async ({ page }, testInfo) => {
  const partner = testInfo.project.name === "js-on" ? "Litware Marketplace" : "Wide World Importers";
  await signIn(page, testInfo, demo.email, demo.password);
  await page.goto("/partners");
  await page.getByRole("link", { name: partner }).click();
  await expect(page.getByRole("heading", { level: 1, name: partner })).toBeVisible();
  await ready(page, testInfo);
  const terms = page.getByRole("region", { name: "Terms" });
  await terms.getByLabel("Target amount").fill("750000");
  await terms.getByLabel("Target currency").fill("XYZ");
  await terms.getByLabel("Target period").fill("2027-Q1");
  await terms.getByLabel("Who fronts the customer").selectOption({ label: "Partner fronts" });
  await terms.getByRole("button", { name: "Save terms" }).click();
  await expect(terms.getByText("XYZ is not an ISO 4217 currency code.")).toBeVisible();
  await expect(terms.getByLabel("Target amount")).toHaveValue("750000");
  await expect(terms.getByLabel("Who fronts the customer")).toHaveValue("partner");
  await expectAccessible(page, testInfo);

  await terms.getByLabel("Target currency").fill("EUR");
  await terms.getByRole("button", { name: "Save terms" }).click();
  if (jsOn(testInfo)) await expect(terms.getByRole("status")).toHaveText("Terms saved.");
  // The pipeline line follows the saved terms: in place with JavaScript, on the page
  // the save goes back to without.
  await expect(page.getByRole("region", { name: "Plans by status" })).toContainText("Target EUR 750000 for 2027-Q1");
  // A second save from the same page finds the version the first one made: no conflict.
  await terms.getByLabel("Target amount").fill("760000");
  const second = page.waitForResponse((answer) => new URL(answer.url()).pathname.startsWith("/api/save_terms"));
  await terms.getByRole("button", { name: "Save terms" }).click();
  await second;
  // Without JavaScript the answer is a redirect the browser is still following: reloading
  // before it lands fails ("Not attached to an active page", seen once on PostgreSQL).
  const pipeline = page.getByRole("region", { name: "Plans by status" }).getByText(/^Target /);
  await expect(pipeline).toContainText("Target EUR 760000 for 2027-Q1");
  // The sums beside the target are the plans' in the new currency, as a fresh page says.
  const saved = await pipeline.textContent();
  await page.reload();
  await ready(page, testInfo);
  await expect(terms.getByLabel("Target currency")).toHaveValue("EUR");
  await expect(pipeline).toHaveText(saved ?? "");

  // Someone else saves in another tab; this tab's save from its older reading is a conflict.
  const other = await page.context().newPage();
  await other.goto(page.url().split("#")[0]);
  await ready(other, testInfo);
  const theirs = other.getByRole("region", { name: "Terms" });
  await theirs.getByLabel("Target amount").fill("900000");
  await theirs.getByRole("button", { name: "Save terms" }).click();
  if (jsOn(testInfo)) {
    await expect(theirs.getByRole("status")).toHaveText("Terms saved.");
  } else {
    await expect(other.getByRole("region", { name: "Plans by status" })).toContainText("Target EUR 900000");
  }
  await other.close();
  await terms.getByLabel("Target amount").fill("800000");
  await terms.getByRole("button", { name: "Save terms" }).click();
  await expect(page.getByRole("alert")).toContainText("Someone saved this partnership's terms after you opened them");
  await expect(terms.getByLabel("Target amount")).toHaveValue("800000");
});
