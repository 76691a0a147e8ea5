// Issue 15's soak: SESSIONS signed-in sessions (default 200) reading and saving at once for
// DURATION seconds (default 600). Each session in turn loads its plan's page, saves the
// plan's title expecting the value it last saw, and every fifth time loads the plans list,
// with a pause of 2 to 6 s between: a person's rhythm, much compressed (200 sessions then
// ask for about 60 pages and 50 saves a second, more than a debug build serves, so the
// server is saturated all along). What must hold, or the script exits 1: no answer but a
// 200 (a conflict is a 200 that says so, and is expected: four sessions share each plan);
// the server's memory flat (its mean RSS over the run's last minute within 10 % of its
// mean RSS over the minute after the first; in a short run, the last quarter against the
// quarter after the first half); every acknowledged save in its plan's history.
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
const end = started + seconds * 1000;

async function get(path, cookie) {
  try {
    const answer = await fetch(`${base}${path}`, { headers: { Cookie: cookie, Accept: "text/html" } });
    await answer.arrayBuffer();
    if (answer.status !== 200) errors.push(`GET ${path}: ${answer.status}`);
    else counts.pages++;
  } catch (error) {
    errors.push(`GET ${path}: ${error.message}`);
  }
}

async function session(index) {
  const cookie = cookies[index];
  const plan = plans[index % plans.length];
  let seen = query(database, `SELECT title FROM plans WHERE id = ${plan}`).trim();
  for (let n = 0; Date.now() < end; n++) {
    await get(`/plans/${plan}`, cookie);
    const answer = await saveTitle(base, cookie, plan, seen, `session ${index} save ${n}`);
    if (answer.status === 200 && answer.body.Saved) {
      counts.saved++;
      seen = answer.body.Saved.value;
      acknowledged.get(plan).push(seen);
    } else if (answer.status === 200 && answer.body.Conflict) {
      counts.conflicts++;
      seen = answer.body.Conflict.theirs;
    } else {
      errors.push(`save: ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 200)}`);
    }
    if (n % 5 === 4) await get("/plans", cookie);
    await pause(2000 + Math.random() * 4000);
  }
}

// The server's memory every second. Under load it swings by a fifth with the pages in
// flight, so the two figures compared are means over a window: the first after warming
// up, and the last of the run.
const samples = [];
const sampling = (async () => {
  while (Date.now() < end) {
    samples.push({ at: (Date.now() - started) / 1000, mb: rss() });
    await pause(1000);
  }
})();
await Promise.all([...cookies.keys()].map(session));
await sampling;
const window = Math.min(60, seconds / 4);
const mean = (from, to) => {
  const inside = samples.filter(({ at }) => at >= from && at < to).map(({ mb }) => mb);
  if (inside.length < 5) throw new Error(`DURATION ${seconds} s is too short to compare the server's memory`);
  return inside.reduce((sum, mb) => sum + mb, 0) / inside.length;
};
const warm = mean(warmSeconds, warmSeconds + window);
const last = mean(seconds - window, Infinity);
const shown = samples.filter((_, i) => i % 10 === 0);
console.log(`RSS (MB) over the run: ${shown.map(({ at, mb }) => `${Math.round(at)}s ${mb.toFixed(0)}`).join(", ")}`);

const lost = checkSaves(database, plans, plans.map((plan) => acknowledged.get(plan)));
const growth = (last / warm - 1) * 100;
const minutes = (Date.now() - started) / 60_000;
console.log(`${sessions} sessions for ${minutes.toFixed(1)} min: ${counts.pages} pages, ${counts.saved} saves, ` +
  `${counts.conflicts} conflicts, ${errors.length} errors, ${lost} lost; ` +
  `RSS ${warm.toFixed(1)} MB warm, ${last.toFixed(1)} MB at the end (means over ${window} s) (${growth >= 0 ? "+" : ""}${growth.toFixed(1)} %, limit +10 %)`);
for (const error of errors.slice(0, 10)) console.error(error);
process.exit(errors.length === 0 && lost === 0 && growth <= 10 ? 0 : 1);
