// The writers of scripts/crash, and its check. Each writer signs in and saves its own
// plan's title again and again, each save expecting the value it last saw (after a
// conflict, theirs), through every kill and restart of the server, and remembers each
// save the server acknowledged. When the file COPLAN_STOP appears, the writers stop and
// the database itself is read: every acknowledged save must be in the plan's history,
// each history entry taking over from the one before, and each title must be its last
// entry's. Exits 1 on any loss.
//
// Environment: COPLAN_BASE, COPLAN_STOP (a path), COPLAN_DB (sqlite:PATH or postgres://…),
// COPLAN_EMAIL / COPLAN_PASSWORD (an organisation with at least COPLAN_WRITERS plans).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const base = process.env.COPLAN_BASE;
const stopFile = process.env.COPLAN_STOP;
const database = process.env.COPLAN_DB;
const writers = Number(process.env.COPLAN_WRITERS ?? 8);
const email = process.env.COPLAN_EMAIL;
const password = process.env.COPLAN_PASSWORD;
const origin = { Origin: base, "Sec-Fetch-Site": "same-origin" };

/** The server is down or restarting: try again soon (this is a load script, not a test). */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sign-in form's address (a server function's, with its hash), read off the page. */
async function loginPath() {
  const page = await (await fetch(`${base}/login`)).text();
  const action = page.match(/action="(\/api\/login[^"]*)"/);
  if (!action) throw new Error("no sign-in form on /login");
  return action[1];
}
const login = await loginPath();

async function signIn() {
  for (;;) {
    try {
      const answer = await fetch(`${base}${login}`, {
        method: "POST",
        redirect: "manual",
        headers: { ...origin, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams({ email, password }).toString(),
      });
      const cookie = answer.headers.get("set-cookie");
      if (cookie) return cookie.split(";")[0];
      throw new Error(`sign-in answered ${answer.status}`);
    } catch (error) {
      if (!String(error).includes("fetch failed")) throw error;
      await pause(100);
    }
  }
}

/** The SQL answer, one row per line, columns separated by tabs. */
function query(sql) {
  if (database.startsWith("sqlite:")) {
    return execFileSync("sqlite3", ["-separator", "\t", database.slice("sqlite:".length), sql], { encoding: "utf8", maxBuffer: 1 << 28 });
  }
  return execFileSync("psql", ["-At", "-F", "\t", database, "-c", sql], { encoding: "utf8", maxBuffer: 1 << 28 });
}

const planIds = query("SELECT p.id FROM plans p JOIN users u ON u.org_id = p.org_id " +
  `WHERE u.email = '${email.replace(/'/g, "''")}' ORDER BY p.id`)
  .trim().split("\n").map(Number).slice(0, writers);
if (planIds.length < writers) throw new Error(`only ${planIds.length} plans for ${writers} writers`);

let lost = 0;
let unanswered = 0;
// One session for all writers: sign-ins of one account at once are throttled, and a
// session lives in the database, through every restart.
let cookie = await signIn();

async function write(writer, plan) {
  let seen = query(`SELECT title FROM plans WHERE id = ${plan}`).trim();
  const acked = [];
  for (let n = 0; !existsSync(stopFile); n++) {
    const value = `writer ${writer} save ${n}`;
    const edit = { edit: { plan_id: plan, field: "PlanTitle", row: null, expected: seen, value } };
    let answer;
    try {
      answer = await fetch(`${base}/api/save_field`, {
        method: "POST",
        headers: { ...origin, "Content-Type": "application/json", Accept: "application/json", Cookie: cookie },
        body: JSON.stringify(edit),
      });
    } catch {
      // Killed mid-save: whether it was written is unknown, and it was not acknowledged.
      unanswered++;
      await pause(50);
      continue;
    }
    const body = await answer.text();
    if (answer.status === 401) {
      cookie = await signIn();
      continue;
    }
    if (answer.status !== 200) {
      unanswered++;
      continue;
    }
    const outcome = JSON.parse(body);
    if (outcome.Saved) {
      acked.push(outcome.Saved.value);
      seen = outcome.Saved.value;
    } else if (outcome.Conflict) {
      seen = outcome.Conflict.theirs;
    } else {
      throw new Error(`writer ${writer}: ${body}`);
    }
  }
  return acked;
}

const acknowledged = await Promise.all(planIds.map((plan, writer) => write(writer, plan)));

let total = 0;
for (const [writer, plan] of planIds.entries()) {
  const acked = acknowledged[writer];
  total += acked.length;
  const rows = query(`SELECT old_value, new_value FROM plan_history WHERE plan_id = ${plan} AND field = 'title' ORDER BY id`)
    .split("\n").filter((line) => line.length > 0).map((line) => line.split("\t"));
  const logged = new Set(rows.map(([, value]) => value));
  for (const value of acked) {
    if (!logged.has(value)) {
      lost++;
      console.error(`plan ${plan}: acknowledged "${value}" is not in its history`);
    }
  }
  // Each entry takes over from the one before: no write half done, none overwritten unseen.
  for (let i = 1; i < rows.length; i++) {
    if (rows[i][0] !== rows[i - 1][1]) {
      lost++;
      console.error(`plan ${plan}: entry ${i} changed "${rows[i][0]}", but the value was "${rows[i - 1][1]}"`);
    }
  }
  const title = query(`SELECT title FROM plans WHERE id = ${plan}`).trim();
  const last = rows.length > 0 ? rows[rows.length - 1][1] : undefined;
  if (last !== undefined && title !== last) {
    lost++;
    console.error(`plan ${plan}: title "${title}", but its last history entry says "${last}"`);
  }
}
console.log(`${writers} writers: ${total} saves acknowledged, ${unanswered} unanswered (cut off by a kill), ${lost} lost`);
process.exit(lost === 0 ? 0 : 1);
