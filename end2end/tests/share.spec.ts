import { expect, expectAccessible, test } from "./fixtures";
import { demo, ready, signIn } from "./helpers";

test.describe("shared links", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "making a link needs JavaScript");

  test("a partner's view link opens without an account, shows nothing of the other partner, and stops when revoked", async ({ page, browser }, testInfo) => {
    await signIn(page, testInfo, demo.email, demo.password);
    await page.getByRole("link", { name: "Fabrikam data platform modernisation" }).click();
    await ready(page, testInfo);
    const links = page.getByRole("region", { name: "Shared links" });
    await links.getByLabel("For", { exact: true }).selectOption({ label: "Litware Marketplace" });
    const label = `Sam at Litware ${testInfo.project.name} ${Date.now()}`;
    await links.getByLabel("Who it is for").fill(label);
    await links.getByLabel("They may").selectOption({ label: "View" });
    await links.getByRole("button", { name: "Make a link" }).click();
    const address = links.getByLabel("The link (shown only now: copy it)");
    await expect(address).toHaveValue(/\/s\/[0-9a-f]{32}$/);
    const url = await address.inputValue();
    await expect(links.getByRole("listitem").filter({ hasText: label })).toBeVisible();

    // A fresh browser, no cookies: the partner's view, JavaScript on and off.
    for (const javaScriptEnabled of [true, false]) {
      const visitor = await browser.newContext({ javaScriptEnabled });
      const shared = await visitor.newPage();
      await shared.goto(url);
      await expect(shared.getByRole("heading", { level: 1, name: "Fabrikam data platform modernisation" })).toBeVisible();
      await expect(shared.getByRole("region", { name: "Actions of Litware Marketplace" })).toBeVisible();
      await expect(shared.getByText("Contoso")).toHaveCount(0);
      await expect(shared.getByRole("button")).toHaveCount(0);
      await expect(shared.getByRole("textbox")).toHaveCount(0);
      await visitor.close();
    }
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1, name: "Fabrikam data platform modernisation" })).toBeVisible();
    await expectAccessible(page, testInfo);
    await page.screenshot({ path: `screenshots/${process.env.COPLAN_E2E_NAME ?? "local"}-${testInfo.project.name}/shared-link.png`, fullPage: true });

    await page.goBack();
    await ready(page, testInfo);
    await page.getByRole("region", { name: "Shared links" }).getByRole("button", { name: `Revoke the link for ${label}` }).click();
    await expect(page.getByRole("region", { name: "Shared links" }).getByText(/revoked/).first()).toBeVisible();
    const visitor = await browser.newContext();
    const shared = await visitor.newPage();
    const answer = await shared.goto(url);
    expect(answer?.status()).toBe(404);
    await expect(shared.getByRole("heading", { level: 1, name: "This link is not valid" })).toBeVisible();
    await expectAccessible(shared, testInfo);
    await visitor.close();
  });
});
