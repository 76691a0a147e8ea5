import { request, type Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { demo, newPlan, ready, signIn } from "./helpers";

// Dates in UTC: the plans below review in Etc/UTC, so the plan's days are UTC's.
const DAY = 86_400_000;
const today = (() => {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  return d;
})();
const plus = (d: Date, days: number) => new Date(d.getTime() + days * DAY);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const part = (d: Date, options: Intl.DateTimeFormatOptions) => d.toLocaleDateString("en-GB", { ...options, timeZone: "UTC" });
/** "Thursday 26 November 2026, 1 item": a day as the month grid announces it. */
const announced = (d: Date, items: string) =>
  `${part(d, { weekday: "long" })} ${d.getUTCDate()} ${part(d, { month: "long" })} ${d.getUTCFullYear()}, ${items}`;
/** "Tue 5 Jan 2027", as the page writes a date. */
const written = (d: Date) => `${part(d, { weekday: "short" })} ${d.getUTCDate()} ${part(d, { month: "short" })} ${d.getUTCFullYear()}`;
const short = (d: Date) => `${d.getUTCDate()} ${part(d, { month: "short" })}`;
/** The same day a month on or back, or the month's last day where it has no such day. */
function addMonths(d: Date, months: number): Date {
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0, 12)).getUTCDate();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, Math.min(d.getUTCDate(), last), 12));
}
const weekdayShort = (d: Date) => part(d, { weekday: "short" });
/** Reviews fall on weekdays: today, or on a weekend the Friday just gone (the same week). */
const meeting = (() => {
  const daysBack = [2, 0, 0, 0, 0, 0, 1][today.getUTCDay()];
  return plus(today, -daysBack);
})();

/** Sets a field of the plan's Cadence part and waits for it to be saved. */
async function setCadence(page: Page, label: string, value: string) {
  const field = page.getByRole("region", { name: "Cadence and target" }).getByLabel(label, { exact: true });
  if (await field.evaluate((el) => el.tagName === "SELECT")) {
    await field.selectOption(value);
  } else {
    await field.fill(value);
    await field.press("Tab");
  }
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
}

test.describe("the cadence calendar", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "setting the cadence needs JavaScript");

  test("every two weeks in the month and the week, one meeting moved, a review logged with what changed, and the feed", async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await newPlan(page, testInfo, "Calendar plan", "Calendar Ltd");
    // Every two weeks on the meeting's weekday at midnight UTC, from two weeks before it: one
    // meeting then, one this week (it has begun), the next two weeks on.
    await setCadence(page, "Review frequency", "biweekly");
    await setCadence(page, "Review day", weekdayShort(meeting));
    await setCadence(page, "Review time", "00:00");
    await setCadence(page, "Time zone", "Etc/UTC");
    await setCadence(page, "Review length (minutes)", "30");
    await setCadence(page, "Reviews start on", iso(plus(meeting, -14)));

    // Move the next meeting a day on, to 11:00, from the plan's list of meetings.
    const next = page.getByRole("group", { name: "Next reviews" });
    const ahead = plus(meeting, 14);
    await next.getByRole("button", { name: `Move the review of ${short(ahead)}` }).click();
    await next.getByLabel("New date").fill(iso(plus(ahead, 1)));
    await next.getByLabel("New time").fill("11:00");
    await next.getByRole("button", { name: "Move", exact: true }).click();
    await expect(next.getByText(`moved from ${short(ahead)}`)).toBeVisible();

    await page.getByRole("link", { name: "Open the calendar" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Calendar: Calendar plan" })).toBeVisible();
    await ready(page, testInfo);
    const month = page.getByRole("grid");
    await expect(month).toBeVisible();
    await expect(month.getByRole("gridcell", { name: announced(meeting, "1 item") })).toContainText("Review 00:00");
    const todayCell = month.getByRole("gridcell", { name: new RegExp(`^${announced(today, "")}`) });
    await expect(todayCell).toHaveAttribute("tabindex", "0");
    await expect(page.getByText("Every two weeks on")).toBeVisible();

    // The month by keyboard alone: one tab stop, arrows, Page Down, Home, Enter.
    await todayCell.focus();
    await page.keyboard.press("ArrowRight");
    await expect(month.getByRole("gridcell", { name: new RegExp(`^${announced(plus(today, 1), "")}`) })).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    // Two weeks on (another month's grid, if the month ended): that day has the focus.
    const focusedOn = (d: Date) =>
      page.getByRole("grid").getByRole("gridcell", { name: new RegExp(`^${announced(d, "")}`) }).and(page.locator(":focus"));
    const monthTitle = (d: Date) => page.getByRole("heading", { level: 2, name: `${part(d, { month: "long" })} ${d.getUTCFullYear()}` });
    let day = plus(today, 14);
    await expect(monthTitle(day)).toBeVisible();
    await expect(focusedOn(day)).toHaveCount(1);
    await page.keyboard.press("PageDown");
    day = addMonths(day, 1);
    await expect(monthTitle(day)).toBeVisible();
    await expect(focusedOn(day)).toHaveCount(1);
    await page.keyboard.press("PageUp");
    day = addMonths(day, -1);
    await expect(monthTitle(day)).toBeVisible();
    await expect(focusedOn(day)).toHaveCount(1);
    await page.keyboard.press("Home");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 3 }).and(page.locator(":focus"))).toHaveText(/^Monday /);

    // Across a month's end, keys pressed faster than the next month loads: the focus ends
    // on the day the keys put it, in the new month's grid (the last month's grid, still in
    // the page while the next loads, shows some of the same dates).
    const lastDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0, 12));
    await page.goto(`${new URL(page.url()).pathname}?day=${iso(lastDay)}`);
    await ready(page, testInfo);
    await month.getByRole("gridcell", { name: new RegExp(`^${announced(lastDay, "")}`) }).focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    day = plus(lastDay, 8);
    await expect(monthTitle(day)).toBeVisible();
    await expect(focusedOn(day)).toHaveCount(1);

    // The week view of the moved meeting's week shows it moved, in words.
    await page.goto(`${new URL(page.url()).pathname}?view=week&day=${iso(plus(ahead, 1))}`);
    await expect(page.getByRole("heading", { level: 2, name: /^Week of / })).toBeVisible();
    await expect(page.getByRole("link", { name: "Review 11:00 (moved)" })).toBeVisible();

    // This week's review, from the week view of today.
    await page.getByRole("link", { name: "Today" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /^Week of / })).toBeVisible();
    await page.getByRole("link", { name: "Review 00:00" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Review of ${written(meeting)}` })).toBeVisible();
    await ready(page, testInfo);
    await page.getByRole("button", { name: "Log this review" }).click();
    await page.getByLabel("Next move", { exact: true }).fill("Send the pilot contract");
    await page.getByLabel("For", { exact: true }).selectOption({ label: "Vendor" });
    await page.getByLabel("Due date").fill(iso(plus(today, 7)));
    await page.getByRole("button", { name: "Add as a joint action" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to the joint actions: Send the pilot contract" })).toBeVisible();

    // Done on the plan page, it is what changed since the last review.
    const planPath = new URL(page.url()).pathname.replace(/\/reviews\/.*$/, "");
    await page.goto(planPath);
    await ready(page, testInfo);
    const action = page.getByRole("region", { name: "Joint actions" }).getByRole("group", { name: "Send the pilot contract" });
    await action.getByLabel("Status").selectOption("done");
    await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible();
    await page.goto(`${planPath}/reviews/${iso(meeting)}`);
    const changes = page.getByRole("region", { name: `What changed since the last review (${short(plus(meeting, -14))})` });
    await expect(changes.getByRole("link", { name: "Action \u201cSend the pilot contract\u201d done" })).toBeVisible();
    await expect(changes.getByRole("link", { name: "Action \u201cSend the pilot contract\u201d added" })).toBeVisible();

    // The feed: made once, fetched without a session, the moved meeting in it.
    await page.goto(`${planPath}/calendar`);
    await ready(page, testInfo);
    await page.getByRole("button", { name: "Make a feed address for this plan" }).click();
    const address = page.getByLabel("The address (shown only now: copy it)");
    await expect(address).toHaveValue(/\/calendar\/[0-9a-f]{32}\.ics$/);
    await expect(page.getByRole("link", { name: "Subscribe to this plan" })).toHaveAttribute("href", /^webcal:\/\//);
    const url = await address.inputValue();
    // A calendar app has no session: a context of its own, without the page's cookies.
    const app = await request.newContext();
    const feed = await app.get(url);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    const text = (await feed.text()).replace(/\r\n /g, "");
    const compact = (d: Date) => iso(d).replace(/-/g, "");
    expect(text).toContain(`RECURRENCE-ID;TZID=Etc/UTC:${compact(ahead)}T000000`);
    expect(text).toContain(`DTSTART;TZID=Etc/UTC:${compact(plus(ahead, 1))}T110000`);
    await page.getByRole("button", { name: "Revoke the address for this plan" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The address for this plan no longer works." })).toBeVisible();
    expect((await app.get(url)).status()).toBe(404);
    await app.dispose();
  });
});

test("the calendar's month and week and a review page pass axe, and work without JavaScript", async ({ page }, testInfo) => {
  await signIn(page, testInfo, demo.email, demo.password);
  await page.getByRole("link", { name: "Fabrikam global rollout", exact: true }).click();
  await ready(page, testInfo);
  await page.getByRole("link", { name: "Open the calendar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Calendar: Fabrikam global rollout" })).toBeVisible();
  await ready(page, testInfo);
  await expectAccessible(page, testInfo);
  // Previous and next are links: they work with and without the script.
  const title = page.getByRole("heading", { level: 2 }).first();
  const shown = await title.textContent();
  await page.getByRole("link", { name: "Next month" }).click();
  await expect(title).not.toHaveText(shown ?? "");
  await page.getByRole("link", { name: "Previous month" }).click();
  await expect(title).toHaveText(shown ?? "");
  await page.getByRole("link", { name: "Week", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Week of / })).toBeVisible();
  await ready(page, testInfo);
  await expectAccessible(page, testInfo);
  const review = page.getByRole("link", { name: /^Review \d\d:\d\d/ }).first();
  await review.click();
  await expect(page.getByRole("heading", { level: 1, name: /^Review of / })).toBeVisible();
  await ready(page, testInfo);
  await expectAccessible(page, testInfo);
});
