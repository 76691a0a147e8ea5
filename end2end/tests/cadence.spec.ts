import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { newPlan } from "./helpers";

/** The Tuesday at least two weeks after today, as YYYY-MM-DD (a date the series starts on). */
function aTuesdayAhead(): Date {
  const day = new Date();
  day.setUTCHours(12, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() + 14);
  while (day.getUTCDay() !== 2) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const plus = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
/** "Tue 5 Jan 2027", as the page writes a date. */
const written = (d: Date) =>
  `${d.toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" })} ${d.getUTCDate()} ${d.toLocaleDateString("en-GB", { month: "short", timeZone: "UTC" })} ${d.getUTCFullYear()}`;
const short = (d: Date) => `${d.getUTCDate()} ${d.toLocaleDateString("en-GB", { month: "short", timeZone: "UTC" })}`;

/** The plan page's Cadence part, and a way to set one of its fields and see it saved. */
function cadenceOf(page: Page) {
  const saved = page.getByRole("status").filter({ hasText: /^Saved/ });
  const cadence = page.getByRole("region", { name: "Cadence and target" });
  const health = page.getByRole("region", { name: "Plan health" });
  const set = async (label: string, value: string) => {
    const field = cadence.getByLabel(label, { exact: true });
    if (await field.evaluate((el) => el.tagName === "SELECT")) {
      await field.selectOption(value);
    } else {
      await field.fill(value);
      await field.press("Tab");
    }
    await expect(saved).toBeVisible();
  };
  return { saved, cadence, health, set };
}

test.describe("the review series", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "editing in place needs JavaScript");
  // The viewer is in New York; the reviews are in Berlin.
  test.use({ timezoneId: "America/New_York" });

  test("every two weeks from a start date: skip one, move one, put it back", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Cadence plan", "Cadence Ltd");
    const { saved, cadence, health, set } = cadenceOf(page);
    await set("Review frequency", "biweekly");
    await set("Review day", "Tue");
    await set("Review time", "10:00");
    await set("Time zone", "Europe/Berlin");
    await set("Review length (minutes)", "30");
    const noStart = health.getByRole("link", { name: "The reviews have no start date, so a missed one cannot be noticed." });
    await expect(noStart).toBeVisible();
    await expect(cadence.getByText("Set the date the reviews start from to see the meetings.")).toBeVisible();

    const first = aTuesdayAhead();
    await set("Reviews start on", iso(first));
    await expect(noStart).toHaveCount(0);
    const next = cadence.getByRole("group", { name: "Next reviews" });
    await expect(next.getByText(`Every two weeks on Tuesday, counting from ${written(first).slice(4)} at 10:00 (Europe/Berlin), 30 minutes`)).toBeVisible();
    const meetings = next.getByRole("listitem");
    await expect(meetings).toHaveCount(4);
    await expect(meetings.first()).toContainText(`${written(first)}, 10:00 (Europe/Berlin)`);
    // Berlin's 10:00 is New York's 04:00 in winter and summer alike (both change clocks),
    // except in the weeks one has changed and the other not: the page asks the browser.
    await expect(meetings.first()).toContainText(/, Tue 0[3-5]:00 your time/);

    await next.getByRole("button", { name: `Skip the review of ${short(first)}` }).click();
    await expect(next.getByText(`Skipped: the review of ${written(first)}`)).toBeVisible();
    const second = plus(first, 14);
    await expect(meetings.first()).toContainText(written(second));

    await next.getByRole("button", { name: `Move the review of ${short(second)}` }).click();
    await next.getByLabel("New date").fill(iso(plus(second, 1)));
    await next.getByLabel("New time").fill("11:00");
    await next.getByRole("button", { name: "Move", exact: true }).click();
    await expect(meetings.first()).toContainText(`${written(plus(second, 1))}, 11:00 (Europe/Berlin)`);
    await expect(meetings.first()).toContainText(`moved from ${short(second)}`);

    await next.getByRole("button", { name: `Put back the review of ${short(second)}` }).click();
    await expect(meetings.first()).toContainText(`${written(second)}, 10:00`);
    await next.getByRole("button", { name: `Put back the review of ${short(first)}` }).click();
    await expect(meetings.first()).toContainText(`${written(first)}, 10:00`);
    await expect(next.getByText(/^Skipped:/)).toHaveCount(0);
  });

  test("the reviews that took place are logged from the page, and health stops asking", async ({ page }, testInfo) => {
    await newPlan(page, testInfo, "Review log plan", "Review Log Ltd");
    const { saved, cadence, health, set } = cadenceOf(page);
    await set("Review frequency", "weekly");
    await set("Review day", "Mon");
    await set("Review time", "09:00");
    await set("Time zone", "Etc/UTC");
    await set("Review length (minutes)", "30");
    // Two weeks and a day ago: two or three Mondays have passed, all of them listed.
    await set("Reviews start on", iso(plus(new Date(), -15)));
    const missed = health.getByRole("link", { name: /passed with no review logged/ });
    await expect(missed).toBeVisible();

    const log = cadence.getByRole("group", { name: "Review log" });
    const open = log.getByRole("button", { name: /^Log the review of/ });
    await expect(open.first()).toBeVisible();
    const count = await open.count();
    expect(count).toBeGreaterThanOrEqual(2);
    const first = (await open.first().textContent()) ?? "";
    await open.first().click();
    const notes = log.getByLabel("Notes").first();
    await notes.fill("Pilot scope agreed; sandbox still pending.");
    await notes.press("Tab");
    await expect(saved).toBeVisible();
    for (let i = 1; i < count; i++) {
      await log.getByRole("button", { name: /^Log the review of/ }).first().click();
      await expect(log.getByLabel("Notes")).toHaveCount(i + 1);
    }
    await expect(missed).toHaveCount(0);

    await page.reload();
    await expect(log.getByLabel("Notes").first()).toHaveValue("Pilot scope agreed; sandbox still pending.");
    await expect(log.getByRole("button", { name: first })).toHaveCount(0);
    await expect(missed).toHaveCount(0);
  });
});
