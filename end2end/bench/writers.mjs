// Writers of plan titles and the check of what they were told, shared by the reliability
// scripts (crash.mjs, outage.mjs, soak.mjs). A writer saves its plan's title again and
// again as the editor does, each save expecting the value it last saw (after a conflict,
// theirs), and remembers every save the server acknowledged; `checkSaves` then reads the
// database itself: every acknowledged save must be in its plan's history, each entry
// taking over from the one before, and each title must be its last entry's.
import { execFileSync } from "node:child_process";

export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Headers of a request from the site itself, as a browser sends them. */
export const fromSite = (base) => ({ Origin: base, "Sec-Fetch-Site": "same-origin" });

/** The sign-in form's address (a server function's, with its hash), read off the page. */
export async function loginPath(base) {
  const page = await (await fetch(`${base}/login`)).text();
  const action = page.match(/action="(\/api\/login[^"]*)"/);
  if (!action) throw new Error("no sign-in form on /login");
  return action[1];
}

/** Signs in (waiting out a server that is down or restarting, and the sign-in throttle): the session cookie. */
export async function signIn(base, login, email, password) {
  for (;;) {
    try {
      const answer = await fetch(`${base}${login}`, {
        method: "POST",
        redirect: "manual",
        headers: { ...fromSite(base), "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams({ email, password }).toString(),
      });
      const cookie = answer.headers.get("set-cookie");
      if (cookie) return cookie.split(";")[0];
      if (answer.status === 429) {
        await pause(Number(answer.headers.get("retry-after") ?? 1) * 1000);
        continue;
      }
      if (answer.status !== 503) throw new Error(`sign-in answered ${answer.status}`);
    } catch (error) {
      if (!String(error).includes("fetch failed")) throw error;
    }
    await pause(100);
  }
}

/** The SQL answer of `database` (sqlite:PATH or postgres://…), one row per line, tab-separated. */
export function query(database, sql) {
  if (database.startsWith("sqlite:")) {
    return execFileSync("sqlite3", ["-separator", "\t", database.slice("sqlite:".length), sql], { encoding: "utf8", maxBuffer: 1 << 28 });
  }
  return execFileSync("psql", ["-At", "-F", "\t", database, "-c", sql], { encoding: "utf8", maxBuffer: 1 << 28 });
}

/** The ids of the first `count` plans of the organisation of `email`. */
export function plansOf(database, email, count) {
  const ids = query(database, "SELECT p.id FROM plans p JOIN users u ON u.org_id = p.org_id " +
    `WHERE u.email = '${email.replace(/'/g, "''")}' ORDER BY p.id`)
    .trim().split("\n").map(Number).slice(0, count);
  if (ids.length < count) throw new Error(`only ${ids.length} plans for ${count} writers`);
  return ids;
}

/**
 * One save of a plan's title through the server function the editor calls: the HTTP
 * status and the parsed body (the outcome, or the error), or `{ status: 0 }` when the
 * server did not answer at all.
 */
export async function saveTitle(base, cookie, plan, expected, value) {
  const edit = { edit: { plan_id: plan, field: "PlanTitle", row: null, expected, value } };
  try {
    const answer = await fetch(`${base}/api/save_field`, {
      method: "POST",
      headers: { ...fromSite(base), "Content-Type": "application/json", Accept: "application/json", Cookie: cookie },
      body: JSON.stringify(edit),
      // The server's bound is 30 s: longer is a hang, and counts as no answer.
      signal: AbortSignal.timeout(40_000),
    });
    const text = await answer.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: answer.status, body };
  } catch {
    return { status: 0 };
  }
}

/**
 * A writer: saves `plan`'s title until `stopped()` says so, and answers the values the
 * server acknowledged. `session.cookie` is shared by all writers and renewed on a 401;
 * `onAnswer(answer)` sees every answer (a script counts them).
 */
export async function write({ base, database, session, writer, plan, stopped, onAnswer = () => {} }) {
  let seen = query(database, `SELECT title FROM plans WHERE id = ${plan}`).trim();
  const acked = [];
  for (let n = 0; !stopped(); n++) {
    const answer = await saveTitle(base, session.cookie, plan, seen, `writer ${writer} save ${n}`);
    onAnswer(answer);
    if (answer.status === 0) {
      await pause(50);
    } else if (answer.status === 401) {
      session.cookie = await session.renew();
    } else if (answer.status === 200 && answer.body.Saved) {
      acked.push(answer.body.Saved.value);
      seen = answer.body.Saved.value;
    } else if (answer.status === 200 && answer.body.Conflict) {
      seen = answer.body.Conflict.theirs;
    } else if (answer.status === 200) {
      throw new Error(`writer ${writer}: ${JSON.stringify(answer.body)}`);
    } else {
      await pause(50);
    }
  }
  return acked;
}

/** Checks each plan's history against the saves acknowledged for it: the count of losses. */
export function checkSaves(database, plans, acknowledged) {
  let lost = 0;
  for (const [writer, plan] of plans.entries()) {
    const rows = query(database, `SELECT old_value, new_value FROM plan_history WHERE plan_id = ${plan} AND field = 'title' ORDER BY id`)
      .split("\n").filter((line) => line.length > 0).map((line) => line.split("\t"));
    const logged = new Set(rows.map(([, value]) => value));
    for (const value of acknowledged[writer]) {
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
    const title = query(database, `SELECT title FROM plans WHERE id = ${plan}`).trim();
    const last = rows.length > 0 ? rows[rows.length - 1][1] : undefined;
    if (last !== undefined && title !== last) {
      lost++;
      console.error(`plan ${plan}: title "${title}", but its last history entry says "${last}"`);
    }
  }
  return lost;
}
