// Issue 15's "the database goes away": PostgreSQL stopped for GAP_SECONDS under load and
// started again, with the server left running. Eight writers (writers.mjs) save all along;
// a browser has a plan open; /healthz is polled. What must hold, or the script exits 1:
// - every request started while the database was down is answered 503 with the sentence
//   that says nothing was saved and to try again (never another status, never silence);
//   a page asked for then is a 503 that says so too; /healthz says 503;
// - the browser's save in the gap shows that sentence, keeps what was typed, and its
//   "Retry" saves it once the database is back;
// - after the start, the server recovers by itself: every writer saves again, /healthz
//   says 200; and every save acknowledged, before or after, is in the database.
//
// Environment: COPLAN_BASE, COPLAN_DB (postgres://…), COPLAN_EMAIL / COPLAN_PASSWORD (an
// organisation with at least 9 plans), COPLAN_PG_STOP / COPLAN_PG_START (shell commands
// that stop and start the database's own cluster), GAP_SECONDS (default 10).
import { exec } from "node:child_process";
import { promisify } from "node:util";
import { chromium, expect } from "@playwright/test";
import { launchOptions } from "../chromium.mjs";
import { checkSaves, fromSite, loginPath, pause, plansOf, signIn, write } from "./writers.mjs";

const base = process.env.COPLAN_BASE;
const database = process.env.COPLAN_DB;
const { COPLAN_EMAIL: email, COPLAN_PASSWORD: password } = process.env;
const gapMs = Number(process.env.GAP_SECONDS ?? 10) * 1000;
// Each request in the gap waits out the pool's 5 s for a connection before its 503: a
// shorter gap would see none answered inside it.
if (!(gapMs >= 8000)) throw new Error("GAP_SECONDS must be 8 or more");
/** Runs a shell command without stopping this script's clock: answers go on arriving. */
const run = async (command) => {
  const { stdout, stderr } = await promisify(exec)(command);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
};
/** Any request here that takes longer has hung: the server's own bound is 30 s. */
const hung = () => AbortSignal.timeout(40_000);
const writers = 8;
const tryAgain = /nothing was saved\. Please try again/;

const failures = [];
const fail = (what) => {
  failures.push(what);
  console.error(`FAIL: ${what}`);
};

const [browserPlan, ...plans] = plansOf(database, email, writers + 1);
const login = await loginPath(base);
const renew = () => signIn(base, login, email, password);
const session = { cookie: await renew(), renew };

// When the database was down: from the moment its stop returned to the moment its start
// was issued. A request wholly inside that window had no database to use.
let downAt = Infinity;
let upAt = Infinity;
let stopped = false;
const during = (started, ended) => started >= downAt && ended < upAt;
const counts = { saved: 0, refused: 0, other: 0 };
const firstSaveAfterUp = new Map();

async function timed(work) {
  const started = Date.now();
  const answer = await work();
  return { answer, started, ended: Date.now() };
}

/**
 * Every answer of the gap must be the clear 503: a server function's is the error the page
 * shows as the sentence with the request's id (`{"Answered": ["Unavailable", id]}`), a
 * page's says it. No answer anywhere may be silence or another status.
 */
/** A 503's body: the server's "try again" error naming its request, or a page that says it. */
function sayingTryAgain(body) {
  const [cause, reference] = body?.Answered ?? [];
  const named = typeof reference === "string" && reference.length > 0;
  return (named && (cause === "Unavailable" || cause === "Unconfirmed")) || tryAgain.test(String(body));
}

function judge(what, { answer, started, ended }) {
  const { status, body } = answer;
  if (status === 200) counts.saved++;
  else if (status === 503) counts.refused++;
  else counts.other++;
  if (during(started, ended) && status !== 503) {
    fail(`${what} in the gap answered ${status}: ${JSON.stringify(body)?.slice(0, 200)}`);
  } else if (status === 503 && !sayingTryAgain(body)) {
    fail(`${what}: a 503 without the sentence: ${JSON.stringify(body)?.slice(0, 200)}`);
  } else if (status !== 200 && status !== 503) {
    fail(`${what} answered ${status}: ${JSON.stringify(body)?.slice(0, 200)}`);
  }
}

const writing = plans.map((plan, writer) => {
  let started = Date.now();
  return write({
    base, database, session, writer, plan,
    stopped: () => {
      started = Date.now();
      return stopped;
    },
    onAnswer: (answer) => {
      const ended = Date.now();
      judge(`writer ${writer}'s save`, { answer, started, ended });
      if (answer.status === 200 && started > upAt && !firstSaveAfterUp.has(writer)) {
        firstSaveAfterUp.set(writer, ended - upAt);
      }
    },
  });
});

const health = { down: 0, upAgain: 0 };
const polling = (async () => {
  while (!stopped) {
    const probe = await timed(async () => {
      try {
        return { status: (await fetch(`${base}/healthz`, { signal: hung() })).status };
      } catch {
        return { status: 0 };
      }
    });
    if (during(probe.started, probe.ended) && probe.answer.status === 503) health.down++;
    if (probe.started > upAt && probe.answer.status === 200) health.upAgain++;
    if (probe.answer.status === 0) fail("/healthz did not answer");
    await pause(200);
  }
})();

// The browser: signed in, the plan open before the database goes.
const browser = await chromium.launch(launchOptions);
const context = await browser.newContext({ baseURL: base });
const page = await context.newPage();
await page.goto("/login");
await page.getByLabel("Email").fill(email);
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((url) => url.pathname !== "/login");
await page.goto(`/plans/${browserPlan}`);
await page.locator("body[data-hydrated]").waitFor({ state: "attached" });
const title = page.getByRole("group", { name: "Plan details" }).getByLabel("Title");
const saveState = page.getByRole("status").filter({ hasText: /^(Saved|Not saved|Saving|All changes)/ });

await pause(3000);
await run(process.env.COPLAN_PG_STOP);
const stoppedAt = Date.now();
downAt = stoppedAt;
console.log("PostgreSQL stopped");

// In the gap, all at once (each waits out the pool's 5 s for a connection): a page, a
// sign-in and the browser's save. The database starts again when the gap is over,
// whatever these are doing.
const typed = `Typed while the database was away ${Date.now()}`;
const inGap = Promise.all([
  timed(async () => {
    const answer = await fetch(`${base}/plans/${browserPlan}`, {
      headers: { Cookie: session.cookie, Accept: "text/html" },
      signal: hung(),
    });
    return { status: answer.status, body: await answer.text() };
  }).then((pageInGap) => {
    judge("the plan page", pageInGap);
    if (!tryAgain.test(pageInGap.answer.body)) fail("the plan page in the gap does not say to try again");
  }),
  // Its own probe, not the poller's: a poll still waiting on the pool when the database
  // stopped may end too late for the next to fit in the gap.
  timed(async () => {
    const answer = await fetch(`${base}/healthz`, { signal: hung() });
    return { status: answer.status, body: await answer.text() };
  }).then((probe) => {
    if (during(probe.started, probe.ended) && probe.answer.status === 503) health.down++;
    else fail(`/healthz in the gap answered ${probe.answer.status}`);
  }),
  timed(async () => {
    const answer = await fetch(`${base}${login}`, {
      method: "POST",
      headers: { ...fromSite(base), "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({ email, password }).toString(),
      signal: hung(),
    });
    return { status: answer.status, body: await answer.json().catch(() => "") };
  }).then((signInGap) => judge("a sign-in", signInGap)),
  (async () => {
    await title.fill(typed);
    await title.blur();
    await expect(page.getByText(tryAgain).first()).toBeVisible({ timeout: gapMs });
    await expect(saveState).toHaveText(/^Not saved/);
    await expect(title).toHaveValue(typed);
    await page.screenshot({ path: process.env.COPLAN_SCREENSHOT ?? "/tmp/outage.png" });
  })().catch(async (error) => {
    fail(`the browser's save in the gap: ${error.message.split("\n")[0]}`);
    await page.screenshot({ path: process.env.COPLAN_SCREENSHOT ?? "/tmp/outage.png" });
  }),
]);
await pause(gapMs - (Date.now() - stoppedAt));
upAt = Date.now();
await run(process.env.COPLAN_PG_START);
console.log(`PostgreSQL started again after ${((upAt - stoppedAt) / 1000).toFixed(1)} s stopped; ready ${((Date.now() - upAt) / 1000).toFixed(1)} s later`);
await inGap;

// Recovery without a restart: every writer saves again, /healthz says 200, and the
// browser's Retry saves what was typed.
const deadline = Date.now() + 30_000;
while ((firstSaveAfterUp.size < writers || health.upAgain === 0) && Date.now() < deadline) await pause(100);
if (firstSaveAfterUp.size < writers) fail(`only ${firstSaveAfterUp.size} of ${writers} writers saved again within 30 s`);
if (health.down === 0) fail("/healthz never said 503 while the database was down");
if (health.upAgain === 0) fail("/healthz did not say 200 again");
try {
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(saveState).toHaveText(/^Saved/, { timeout: 10_000 });
} catch (error) {
  fail(`the browser's retry: ${error.message.split("\n")[0]}`);
}
await browser.close();

await pause(2000);
stopped = true;
const acknowledged = await Promise.all(writing);
await polling;
const lost = checkSaves(database, plans, acknowledged);
const stored = checkSaves(database, [browserPlan], [[typed]]);
const recovery = Math.max(...firstSaveAfterUp.values());
console.log(`${writers} writers: ${counts.saved} saves answered 200, ${counts.refused} refused with 503 (${health.down} health checks said 503 in the gap), ` +
  `${counts.other} other answers; every writer saved again within ${(recovery / 1000).toFixed(1)} s of the start; ${lost + stored} lost; ${failures.length} failures`);
process.exit(lost + stored + failures.length === 0 ? 0 : 1);
