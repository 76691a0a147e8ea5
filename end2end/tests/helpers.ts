import { expect, type Page, type TestInfo } from "@playwright/test";

export const demo = { email: "ae@northwind.test", password: "coplan-demo" };

export function jsOn(testInfo: TestInfo): boolean {
  return testInfo.project.name === "js-on";
}

/** Waits until the page is interactive: the app marks <body> once hydration has run. */
export async function ready(page: Page, testInfo: TestInfo) {
  if (jsOn(testInfo)) {
    await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  }
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
}

export async function signIn(page: Page, testInfo: TestInfo, email: string, password: string) {
  await page.goto("/login");
  await ready(page, testInfo);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signUp(page: Page, testInfo: TestInfo, org: string) {
  const email = uniqueEmail("owner");
  const password = "a long enough password";
  await page.goto("/signup");
  await ready(page, testInfo);
  await page.getByLabel("Organisation").fill(org);
  await page.getByLabel("Your name").fill("Robin Owner");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Co-sell plans" })).toBeVisible();
  return { email, password };
}

/** Signs up a new organisation, creates a plan with the triage's defaults and opens it. */
export async function newPlan(page: Page, testInfo: TestInfo, title: string, org = `Owners of ${title}`) {
  await signUp(page, testInfo, org);
  await ready(page, testInfo);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Partner", { exact: true }).fill("Contoso");
  await page.getByLabel("Buyer account").fill("Fabrikam");
  await page.getByRole("button", { name: "Create plan" }).click();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await ready(page, testInfo);
}
