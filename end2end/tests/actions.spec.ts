import { expect, test } from "./fixtures";
import { demo, ready, signIn } from "./helpers";

// Joint actions of the demo's Tailspin plan, edited by two people at once.
test("two people editing different actions both keep their change", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "saving as you type needs JavaScript");
  const ann = await browser.newPage();
  await signIn(ann, testInfo, demo.email, demo.password);
  await ann.getByRole("link", { name: "Tailspin Toys renewal and expansion" }).click();
  await ready(ann, testInfo);
  const ben = await (await browser.newContext()).newPage();
  await signIn(ben, testInfo, demo.email, demo.password);
  await expect(ben.getByRole("heading", { name: "Co-sell plans" })).toBeVisible();
  await ben.goto(ann.url());
  await ready(ben, testInfo);

  const annAction = ann.getByRole("group", { name: "Confirm expansion pricing" }).getByLabel("Action", { exact: true });
  const benDue = ben.getByRole("group", { name: "Name the procurement contact" }).getByLabel("Due date");
  await annAction.fill("Confirm expansion pricing with finance");
  await annAction.blur();
  await benDue.fill("2027-03-01");
  await benDue.blur();
  await expect(ann.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
  await expect(ben.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
  await expect(ben.getByRole("group", { name: "Name the procurement contact" }).getByText("Updated just now by you")).toBeVisible();

  await ann.reload();
  await expect(ann.getByRole("group", { name: "Confirm expansion pricing with finance" }).getByLabel("Action", { exact: true }))
    .toHaveValue("Confirm expansion pricing with finance");
  await expect(ann.getByRole("group", { name: "Name the procurement contact" }).getByLabel("Due date"))
    .toHaveValue("2027-03-01");
  // After a reload, the other person sees who touched it last.
  await expect(ann.getByRole("group", { name: "Name the procurement contact" }).getByText(/^Updated .* by Alex Rivera$/))
    .toBeVisible();
});
