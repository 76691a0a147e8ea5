// Issue 15's soak: SESSIONS signed-in sessions (default 200) reading and saving at once for
// DURATION seconds (default 600). Each session in turn loads its plan's page, saves the
// plan's title expecting the value it last saw, and every fifth time loads the plans list,
// with a pause of 2 to 6 s between: a person's rhythm, much compressed (200 sessions then
// ask for about 60 pages and 50 saves a second, more than a debug build serves, so the
// server is saturated all along). What must hold, or the script exits 1: no answer but a
// 200 (a conflict is a 200 that says so, and is expected: four sessions share each plan);
// the server's memory flat; every acknowledged save in its plan's history.
//
// Memory is compared at rest: the load stops once after warming up (the first minute, or
// half a short run) and again at the end, and each time, once the last answers are in, the
// server's resident memory is read for a few seconds (its lowest reading). The end's must
// be within 10 % of the first's. Under load the figure swings by a fifth with the pages in
// flight, so means over windows of a two-minute run measured +5 % on one machine and over
// +10 % on another with nothing leaking (session 15). At rest it still carries where the
// load stopped (the allocator keeps freed pages while its threads are idle): two-minute
// runs measured −3 % to −20 %, the first reading, which carries the start's burst of 200
// pages at once, the higher so far. A leak shows; a small one needs the 10-minute form.
//
// Environment: COPLAN_BASE, COPLAN_DB, COPLAN_PID (the server's process id),
// COPLAN_EMAIL / COPLAN_PASSWORD (an organisation with plans), SESSIONS, DURATION.
import { readFileSync } from "node:fs";
import { checkSaves, loginPath, pause, query, saveTitle, signIn } from "./writers.mjs";

const base = process.env.COPLAN_BASE;
const database = process.env.COPLAN_DB;
const { COPLAN_EMAIL: email, COPLAN_PASSWORD: password, COPLAN_PID: pid } = process.env;
const sessions = Number(process.env.SESSIONS ?? 200);
const seconds = Number(process.env.DURATION ?? 600);
const warmSeconds = Math.min(60, seconds / 2);

/** The server's resident memory, in MB. */
const rss = () => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]) / 1024;

const plans = query(database, "SELECT p.id FROM plans p JOIN users u ON u.org_id = p.org_id " +
  `WHERE u.email = '${email.replace(/'/g, "''")}' ORDER BY p.id`).trim().split("\n").map(Number);
const login = await loginPath(base);

// Sign every session in first, one after another: sign-ins of one account at once count
// as guesses until they succeed (auth/throttle.rs).
const cookies = [];
for (let i = 0; i < sessions; i++) cookies.push(await signIn(base, login, email, password));
console.log(`${sessions} sessions signed in; RSS ${rss().toFixed(1)} MB`);

const errors = [];
const counts = { pages: 0, saved: 0, conflicts: 0 };
const acknowledged = new Map(plans.map((plan) => [plan, []]));
const started = Date.now();
const warmUntil = started + warmSeconds * 1000;
const end = started + seconds * 1000;

async function get(path, cookie) {
  try {
    const answer = await fetch(`${base}${path}`, { headers: { Cookie: cookie, Accept: "text/html" } });
    await answer.arrayBuffer();
    if (answer.status !== 200) errors.push(`GET ${path}: ${answer.status}`);
    else counts.pages++;
  } catch (error) {
    // fetch's own message is only "fetch failed": what failed is in its cause.
    const cause = error.cause ? ` (${[error.cause.code, error.cause.message].filter(Boolean).join(": ")})` : "";
    errors.push(`GET ${path} at ${((Date.now() - started) / 1000).toFixed(1)} s: ${error.message}${cause}`);
  }
}

// Each session's place, kept across the pause between the two stretches of load.
const sessionsState = cookies.map((cookie, index) => {
  const plan = plans[index % plans.length];
  return { index, cookie, plan, n: 0, seen: query(database, `SELECT title FROM plans WHERE id = ${plan}`).trim() };
});

async function session(state, until) {
  const { index, cookie, plan } = state;
  for (; Date.now() < until; state.n++) {
    await get(`/plans/${plan}`, cookie);
    const answer = await saveTitle(base, cookie, plan, state.seen, `session ${index} save ${state.n}`);
    if (answer.status === 200 && answer.body.Saved) {
      counts.saved++;
      state.seen = answer.body.Saved.value;
      acknowledged.get(plan).push(state.seen);
    } else if (answer.status === 200 && answer.body.Conflict) {
      counts.conflicts++;
      state.seen = answer.body.Conflict.theirs;
    } else {
      errors.push(`save: ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 200)}`);
    }
    if (state.n % 5 === 4) await get("/plans", cookie);
    await pause(2000 + Math.random() * 4000);
  }
}

/** The server's memory at rest: every answer is in; its lowest reading over 3 s after 2 s. */
async function atRest() {
  await pause(2000);
  let lowest = Infinity;
  for (let i = 0; i < 15; i++) {
    lowest = Math.min(lowest, rss());
    await pause(200);
  }
  return lowest;
}

// The server's memory every second, under load and at rest: printed, to see its shape.
const samples = [];
let running = true;
const sampling = (async () => {
  while (running) {
    samples.push({ at: (Date.now() - started) / 1000, mb: rss() });
    await pause(1000);
  }
})();
await Promise.all(sessionsState.map((state) => session(state, warmUntil)));
const warm = await atRest();
await Promise.all(sessionsState.map((state) => session(state, end)));
const last = await atRest();
running = false;
await sampling;
const shown = samples.filter((_, i) => i % 10 === 0);
console.log(`RSS (MB) over the run: ${shown.map(({ at, mb }) => `${Math.round(at)}s ${mb.toFixed(0)}`).join(", ")}`);

const lost = checkSaves(database, plans, plans.map((plan) => acknowledged.get(plan)));
const growth = (last / warm - 1) * 100;
const minutes = (Date.now() - started) / 60_000;
console.log(`${sessions} sessions for ${minutes.toFixed(1)} min: ${counts.pages} pages, ${counts.saved} saves, ` +
  `${counts.conflicts} conflicts, ${errors.length} errors, ${lost} lost; ` +
  `RSS at rest ${warm.toFixed(1)} MB after ${Math.round(warmSeconds)} s, ${last.toFixed(1)} MB at the end ` +
  `(${growth >= 0 ? "+" : ""}${growth.toFixed(1)} %, limit +10 %)`);
for (const error of errors.slice(0, 10)) console.error(error);
const failures = [
  errors.length > 0 && `${errors.length} answers were not a 200`,
  lost > 0 && `${lost} acknowledged saves are not in their plan's history`,
  growth > 10 && `the server's memory grew ${growth.toFixed(1)} % (limit 10 %)`,
].filter(Boolean);
for (const failure of failures) console.error(`soak failed: ${failure}`);
process.exit(failures.length === 0 ? 0 : 1);
