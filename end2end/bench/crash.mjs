// The writers of scripts/crash, and its check. COPLAN_WRITERS writers (writers.mjs) save
// their plans' titles through every kill and restart of the server; when the file
// COPLAN_STOP appears they stop, and the database itself is read: every acknowledged save
// must be in its plan's history, with no write half done. Exits 1 on any loss.
//
// Environment: COPLAN_BASE, COPLAN_STOP (a path), COPLAN_DB (sqlite:PATH or postgres://…),
// COPLAN_EMAIL / COPLAN_PASSWORD (an organisation with at least COPLAN_WRITERS plans).
import { existsSync } from "node:fs";
import { checkSaves, loginPath, plansOf, signIn, write } from "./writers.mjs";

const base = process.env.COPLAN_BASE;
const database = process.env.COPLAN_DB;
const writers = Number(process.env.COPLAN_WRITERS ?? 8);
const { COPLAN_EMAIL: email, COPLAN_PASSWORD: password, COPLAN_STOP: stopFile } = process.env;

const plans = plansOf(database, email, writers);
const login = await loginPath(base);
// One session for all writers: sign-ins of one account at once are throttled, and a
// session lives in the database, through every restart.
const renew = () => signIn(base, login, email, password);
const session = { cookie: await renew(), renew };

let unanswered = 0;
const acknowledged = await Promise.all(plans.map((plan, writer) => write({
  base, database, session, writer, plan,
  stopped: () => existsSync(stopFile),
  // Killed mid-save (no answer, or a 503 as it stopped): whether it was written is
  // unknown, and it was not acknowledged.
  onAnswer: (answer) => { if (answer.status === 0 || answer.status >= 500) unanswered++; },
})));

const lost = checkSaves(database, plans, acknowledged);
const total = acknowledged.reduce((sum, acked) => sum + acked.length, 0);
console.log(`${writers} writers: ${total} saves acknowledged, ${unanswered} unanswered (cut off by a kill), ${lost} lost`);
process.exit(lost === 0 ? 0 : 1);
