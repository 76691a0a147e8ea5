import { expect, expectAccessible, pageAndData, test } from "./fixtures";
import { demo, newPlan, ready, signIn } from "./helpers";

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
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await links.getByRole("button", { name: "Copy the link" }).click();
    await expect(links.getByText("Copied.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expect(links.getByRole("listitem").filter({ hasText: label })).toContainText("for Litware Marketplace · View ·");

    // A fresh browser, no cookies: the partner's view, JavaScript on and off.
    for (const javaScriptEnabled of [true, false]) {
      const visitor = await browser.newContext({ javaScriptEnabled });
      const shared = await visitor.newPage();
      const sent = pageAndData((await (await shared.goto(url))?.text()) ?? "");
      await expect(shared.getByRole("heading", { level: 1, name: "Fabrikam data platform modernisation" })).toBeVisible();
      await expect(shared.getByRole("region", { name: "Actions of Litware Marketplace" })).toBeVisible();
      await expect(shared.getByText("Contoso")).toHaveCount(0);
      // Nor in what the server sent: the page as the browser holds it, and the response
      // as it came, with the page's data for hydration.
      expect(await shared.content()).not.toContain("Contoso");
      expect(sent).toContain("Litware Marketplace");
      expect(sent).not.toContain("Contoso");
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

  test("a partner updates its own actions through an update link, JavaScript on and off, and the AE sees it as the link's", async ({ page, browser }, testInfo) => {
    // Two visits, each with axe, and the AE's page twice: more than one test's usual time.
    test.slow();
    // A plan of its own: what the partner adds is the test's, not the demo's.
    await newPlan(page, testInfo, `Shared pilot ${process.env.COPLAN_E2E_NAME ?? "local"} ${Date.now()}`);
    const links = page.getByRole("region", { name: "Shared links" });
    await links.getByLabel("For", { exact: true }).selectOption({ label: "Contoso" });
    const label = `Mei at Contoso ${testInfo.project.name} ${Date.now()}`;
    await links.getByLabel("Who it is for").fill(label);
    await links.getByLabel("They may").selectOption({ label: "View and update own actions" });
    await links.getByRole("button", { name: "Make a link" }).click();
    const address = links.getByLabel("The link (shown only now: copy it)");
    await expect(address).toHaveValue(/\/s\/[0-9a-f]{32}$/);
    const url = await address.inputValue();

    const stamp = `${process.env.COPLAN_E2E_NAME ?? "local"} ${Date.now()}`;
    for (const javaScriptEnabled of [true, false]) {
      const how = javaScriptEnabled ? "with JavaScript" : "without JavaScript";
      const action = `Run the pilot workshop ${how} ${stamp}`;
      const visitor = await browser.newContext({ javaScriptEnabled });
      const shared = await visitor.newPage();
      await shared.goto(url);
      if (javaScriptEnabled) await expect(shared.locator("body[data-hydrated]")).toHaveCount(1);
      const own = shared.getByRole("region", { name: "Actions of Contoso" });

      // A new action for Contoso, signed with a name given once.
      const add = own.getByRole("group", { name: "Add an action for Contoso" });
      await add.getByText("Add an action for Contoso").click();
      // A blank action is refused with its message, and what was typed stays.
      await add.getByLabel("Action").fill("   ");
      await add.getByLabel("Your name").fill("Mei Tanaka");
      await add.getByRole("button", { name: "Add the action" }).click();
      await expect(add.getByRole("alert")).toContainText("Please correct the fields marked below.");
      await expect(add.getByText("Write the action.")).toBeVisible();
      await expect(add.getByLabel("Your name")).toHaveValue("Mei Tanaka");
      await add.getByLabel("Action").fill(action);
      await add.getByLabel("Your name").fill("Mei Tanaka");
      await add.getByRole("button", { name: "Add the action" }).click();
      const item = own.getByRole("listitem").filter({ hasText: action });
      await expect(item).toContainText("Open");

      // Marked done with an update; the name is offered again.
      const update = item.getByRole("group", { name: `Update ${action}` });
      await update.getByText("Update").first().click();
      await expect(update.getByLabel("Your name")).toHaveValue("Mei Tanaka");
      await update.getByLabel("Status").selectOption({ label: "Done" });
      await update.getByLabel("Update (optional)").fill(`Booked the room ${how}`);
      await update.getByRole("button", { name: "Save the update" }).click();
      await expect(own.getByRole("listitem").filter({ hasText: action })).toContainText("Done");
      await expect(own.getByRole("listitem").filter({ hasText: action })).toContainText(`Update from Mei Tanaka (Contoso)`);
      await expect(own.getByRole("listitem").filter({ hasText: action })).toContainText(`Booked the room ${how}`);
      await expectAccessible(shared, testInfo, javaScriptEnabled);
      if (javaScriptEnabled) {
        const shots = `screenshots/${process.env.COPLAN_E2E_NAME ?? "local"}-${testInfo.project.name}`;
        await shared.screenshot({ path: `${shots}/shared-link-update.png`, fullPage: true });
        await shared.setViewportSize({ width: 390, height: 844 });
        await shared.screenshot({ path: `${shots}/shared-link-phone.png`, fullPage: true });
      }
      await visitor.close();

      // The AE sees both, as the link's.
      await page.reload();
      await ready(page, testInfo);
      const from = page.getByRole("region", { name: "Comments and updates from shared links" });
      await expect(from.getByRole("listitem").filter({ hasText: `Booked the room ${how}` })).toContainText(`from Mei Tanaka through link “${label}”`);
      const history = page.getByRole("region", { name: "Changes, newest first" });
      await expect(history.getByRole("listitem").filter({ hasText: `Mei Tanaka, through link “${label}”` }).filter({ hasText: "done" }).first()).toBeVisible();
    }
  });
});
