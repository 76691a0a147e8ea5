import { expect, test } from "./fixtures";
import { demo, signIn } from "./helpers";

// Pictures to look at after a run (end2end/screenshots/), each of a page checked first.
test("screenshots of sign-in, the plans list and a plan", async ({ page }, testInfo) => {
  const dir = `screenshots/${process.env.COPLAN_E2E_NAME ?? "local"}-${testInfo.project.name}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: `${dir}/login.png`, fullPage: true });

  await signIn(page, testInfo, demo.email, demo.password);
  await expect(page.getByRole("link", { name: "Adventure Works pilot" })).toBeVisible();
  await page.screenshot({ path: `${dir}/plans.png`, fullPage: true });

  await page.getByRole("link", { name: "Fabrikam data platform modernisation" }).click();
  await expect(page.getByRole("region", { name: "Joint actions" })).toBeVisible();
  await page.screenshot({ path: `${dir}/plan.png`, fullPage: true });
});
