import { expect, type Locator, type Page, type TestInfo } from "@playwright/test";

export const demo = { email: "ae@northwind.test", password: "coplan-demo" };

/** A message of the server's, as a person sees it: the sentence, then the id of the
 * request that answered it, which a report of it quotes. */
export function answered(sentence: string): RegExp {
  const escaped = sentence.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped} \\(Reference [0-9a-f]{16}\\.\\)$`);
}

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

/** Fills the sign-in form and submits it, without waiting for what the server answers. */
export async function submitSignIn(page: Page, testInfo: TestInfo, email: string, password: string) {
  await page.goto("/login");
  await ready(page, testInfo);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signs in and waits for the plans page, so the session cookie is set before the test
 * goes on: a `page.goto` right after the click could cancel the sign-in in flight.
 */
export async function signIn(page: Page, testInfo: TestInfo, email: string, password: string) {
  await submitSignIn(page, testInfo, email, password);
  await expect(page.getByRole("heading", { level: 1, name: "Co-sell plans" })).toBeVisible();
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
  const account = await signUp(page, testInfo, org);
  await ready(page, testInfo);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Partner", { exact: true }).fill("Contoso");
  await page.getByLabel("Buyer account").fill("Fabrikam");
  // A new plan opens at once.
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await ready(page, testInfo);
  return account;
}

/** The owners grid of the page: a grid with JavaScript, a plain table without. */
export function ownersGrid(page: Page): Locator {
  const name = "Owners by party and role";
  return page.getByRole("grid", { name }).or(page.getByRole("table", { name }));
}

/**
 * A cell of the owners grid, found as a screen reader finds it: by its column's header
 * (the party) and its row's header (the role).
 */
export async function gridCell(grid: Locator, party: string, role: string): Promise<Locator> {
  await expect(grid.getByRole("columnheader", { name: party, exact: true })).toBeVisible();
  const columns = (await grid.getByRole("columnheader").allInnerTexts()).map((t) => t.trim());
  const column = columns.indexOf(party);
  if (column < 1) throw new Error(`no column ${party} among ${columns.join(", ")}`);
  const row = grid.getByRole("row").filter({ has: grid.page().getByRole("rowheader", { name: role, exact: true }) });
  const cell = (await grid.getAttribute("role")) === "grid" ? "gridcell" : "cell";
  return row.getByRole(cell).nth(column - 1);
}

/**
 * Adds someone new to a cell, as a keyboard user does: Enter on the cell, their name in
 * the combobox, the "New person" suggestion, their email in the form, Enter.
 */
export async function addNewPerson(page: Page, cell: Locator, name: string, email = "") {
  await cell.focus();
  await page.keyboard.press("Enter");
  await expect(cell.getByRole("combobox")).toBeFocused();
  await page.keyboard.type(name);
  const suggestion = cell.getByRole("option", { name: `New person: ${name}` });
  await expect(suggestion).toBeVisible();
  // The new person is the last suggestion: Up from none highlights it.
  await page.keyboard.press("ArrowUp");
  await expect(suggestion).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  const form = cell.getByRole("form", { name: "New person" });
  await expect(form.getByLabel("First name")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(form.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press("Enter");
  await expect(form).toHaveCount(0);
  await expect(cell.getByRole("listitem").filter({ hasText: name })).toBeVisible();
  await expect(cell.getByRole("combobox")).toBeFocused();
}
