// The demo's sign-in, shared by the benchmarks (load.mjs, size.mjs): the AE of the demo
// organisation, and the address of its largest plan.
export const largestPlan = "Fabrikam global rollout";

/** Signs in in a new context; answers the context, its page (on the plans list) and the largest plan's address. */
export async function signInToDemo(browser, base) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("ae@northwind.test");
  await page.getByLabel("Password").fill("coplan-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  const link = page.getByRole("link", { name: largestPlan, exact: true });
  await link.waitFor();
  return { context, page, planUrl: await link.getAttribute("href") };
}
