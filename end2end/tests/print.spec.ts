import { expect, test } from "./fixtures";
import { demo, signIn } from "./helpers";

function pageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

// The demo's largest plan: 5 accounts, 10 owners, 8 milestones, 15 actions.
test("the largest plan prints on one page, A4 and Letter", async ({ page }, testInfo) => {
  await signIn(page, testInfo, demo.email, demo.password);
  await page.getByRole("link", { name: "Fabrikam global rollout" }).click();
  await expect(page.getByRole("region", { name: "Joint actions" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Joint actions" }).getByRole("group")).toHaveCount(15);
  for (const format of ["A4", "Letter"]) {
    const pdf = await page.pdf({ format, printBackground: true });
    expect(pageCount(pdf), `${format} pages`).toBe(1);
  }
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Add account" })).toBeHidden();
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({
    path: `screenshots/${process.env.COPLAN_E2E_NAME ?? "local"}-${testInfo.project.name}/print.png`,
    fullPage: true,
  });
});
