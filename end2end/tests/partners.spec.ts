import { expect, expectAccessible, test } from "./fixtures";
import { demo, ready, signIn } from "./helpers";

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
