import { expect, test } from "./fixtures";
import { answered, demo, gridCell, ownersGrid, ready, signIn, signUp, submitSignIn } from "./helpers";

test("sign up, create a plan, see it listed and open it", async ({ page }, testInfo) => {
  await signUp(page, testInfo, "Tailwind Traders");
  await expect(page.getByText("Robin Owner · Tailwind Traders")).toBeVisible();
  await expect(page.getByText("No plans yet")).toBeVisible();

  await ready(page, testInfo);
  await page.getByLabel("Title").fill("Globex expansion");
  await page.getByLabel("Partner", { exact: true }).fill("Initech Partners");
  await page.getByLabel("Buyer account").fill("Globex Corporation");
  await page.getByRole("button", { name: "Create plan" }).click();
  // The new plan opens; the portfolio lists it.
  await expect(page.getByRole("heading", { level: 1, name: "Globex expansion" })).toBeVisible();
  await expect(page).toHaveURL(/\/plans\/\d+$/);
  await page.getByRole("link", { name: "Plans", exact: true }).first().click();

  const row = page.getByRole("row", { name: /Globex expansion/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell", { name: "Initech Partners" })).toBeVisible();
  await expect(row.getByRole("cell", { name: "Globex Corporation" })).toBeVisible();
  await expect(row.getByRole("cell", { name: "Draft" })).toBeVisible();

  await row.getByRole("link", { name: "Globex expansion" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Globex expansion" })).toBeVisible();
  for (const part of ["Shared accounts", "Owners", "Milestones", "Joint actions", "Economics and credit",
    "Escalation path", "Deal motion", "Cadence and target"]) {
    await expect(page.getByRole("region", { name: part })).toBeVisible();
  }
});

test("a plan with a missing title is refused with a message", async ({ page }, testInfo) => {
  await signUp(page, testInfo, "Validation Ltd");
  await ready(page, testInfo);
  // The browser's own check would stop an empty field; a blank one reaches the server.
  await page.getByLabel("Title").fill("   ");
  await page.getByLabel("Partner", { exact: true }).fill("Initech Partners");
  await page.getByLabel("Buyer account").fill("Globex Corporation");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByText("Title is required.")).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("Please correct the fields");
});

test("signing out sends /plans to the sign-in page", async ({ page }, testInfo) => {
  await signUp(page, testInfo, "Sign-out Co");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Coplan" })).toBeVisible();
  await page.goto("/plans");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password gets one message that does not say which was wrong", async ({ page }, testInfo) => {
  await submitSignIn(page, testInfo, demo.email, "not the password");
  await expect(page.getByRole("alert")).toHaveText(answered("Email or password is not right."));
  // What was typed is still there: with JavaScript the page posted the form itself and
  // stayed; without, the server sent the email back with the refusal.
  await expect(page.getByLabel("Email")).toHaveValue(demo.email);
  if (testInfo.project.name !== "js-off") await expect(page).toHaveURL(/\/login$/);
  await submitSignIn(page, testInfo, "nobody@northwind.test", "not the password");
  await expect(page.getByRole("alert")).toHaveText(answered("Email or password is not right."));
  await expect(page.getByLabel("Email")).toBeVisible();
});

test("a refused sign-up keeps what was typed, and never carries the password", async ({ page }, testInfo) => {
  await page.goto("/signup");
  await ready(page, testInfo);
  await page.getByLabel("Organisation").fill("Keepers & Co");
  await page.getByLabel("Your name").fill("Kim Keeper");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill("a secret long enough");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toHaveText(answered("An account with that email already exists."));
  await expect(page.getByLabel("Organisation")).toHaveValue("Keepers & Co");
  await expect(page.getByLabel("Your name")).toHaveValue("Kim Keeper");
  await expect(page.getByLabel("Email")).toHaveValue(demo.email);
  expect(page.url()).not.toContain("secret");
});

test("the demo user sees the demo plans", async ({ page }, testInfo) => {
  await signIn(page, testInfo, demo.email, demo.password);
  await expect(page.getByRole("heading", { name: "Co-sell plans" })).toBeVisible();
  await expect(page.getByText("Alex Rivera · Northwind Software")).toBeVisible();
  const fabrikam = page.getByRole("row", { name: /Fabrikam data platform modernisation/ });
  await expect(fabrikam.getByRole("cell", { name: "Contoso Consulting, Litware Marketplace" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Tailspin Toys renewal and expansion" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Adventure Works pilot" })).toBeVisible();

  await fabrikam.getByRole("link").click();
  const contoso = await gridCell(ownersGrid(page), "Contoso Consulting", "Partner counterpart");
  await expect(contoso).toContainText("Tomás Ortega");
  await expect(page.getByRole("region", { name: "Cadence and target" }).getByLabel("Target amount")).toHaveValue("480000");
  await expect(page.getByRole("group", { name: "Plan details" }).getByLabel("Status")).toHaveValue("active");
});

test("another organisation's plan is not found", async ({ page }, testInfo) => {
  await signUp(page, testInfo, "Nosy Corp");
  // Plan 1 belongs to the demo organisation, loaded first.
  const answer = await page.goto("/plans/1");
  await expect(page.getByRole("heading", { name: "Plan not found" })).toBeVisible();
  await expect(page.getByText("Fabrikam")).toHaveCount(0);
  // The message names the request that answered it, for a report to quote.
  const id = answer?.headers()["x-request-id"];
  await ready(page, testInfo);
  await expect(page.getByRole("alert")).toHaveText(
    `That plan does not exist or is not yours to see. (Reference ${id}.)`,
  );
});

test("a page that does not exist names its request", async ({ page }, testInfo) => {
  const answer = await page.goto("/no-such-page");
  expect(answer?.status()).toBe(404);
  const id = answer?.headers()["x-request-id"];
  expect(id).toMatch(/^[0-9a-f]{16}$/);
  await ready(page, testInfo);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByText(`Reference ${id}`)).toBeVisible();
});
