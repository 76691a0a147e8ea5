// Measures, against a running Coplan: the server render of the largest demo plan (one
// client, sequential) and a save round trip with 8 concurrent writers, p50 and p99.
// Usage: node bench.mjs http://127.0.0.1:3200   (scripts/bench starts the servers)
const base = process.argv[2] ?? "http://127.0.0.1:3200";
const RENDERS = Number(process.env.RENDERS ?? 400);
const SAVES_PER_WRITER = Number(process.env.SAVES ?? 250);
const WRITERS = 8;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function summary(name, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (x) => x.toFixed(2);
  return `${name}: n=${sorted.length} p50=${f(percentile(sorted, 50))} ms p99=${f(percentile(sorted, 99))} ms`;
}

async function signIn() {
  const page = await fetch(`${base}/login`, { headers: { accept: "text/html" } });
  const action = (await page.text()).match(/action="(\/api\/login[0-9]*)"/)[1];
  const res = await fetch(`${base}${action}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: "email=ae%40northwind.test&password=coplan-demo",
  });
  return res.headers.get("set-cookie").split(";")[0];
}

const cookie = await signIn();
const list = await (await fetch(`${base}/plans`, { headers: { cookie, accept: "text/html" } })).text();
const planId = Number(list.match(/href="\/plans\/(\d+)">Fabrikam global rollout/)[1]);
const pageUrl = `${base}/plans/${planId}`;

// Warm up, then time whole-page server renders.
for (let i = 0; i < 20; i++) await (await fetch(pageUrl, { headers: { cookie, accept: "text/html" } })).text();
const renders = [];
for (let i = 0; i < RENDERS; i++) {
  const start = performance.now();
  const res = await fetch(pageUrl, { headers: { cookie, accept: "text/html" } });
  await res.text();
  renders.push(performance.now() - start);
  if (res.status !== 200) throw new Error(`render answered ${res.status}`);
}

// Each writer edits its own action's text, each save expecting the value it wrote last.
const html = await (await fetch(pageUrl, { headers: { cookie, accept: "text/html" } })).text();
const actionIds = [...html.matchAll(/id="field-ActionText-(\d+)"[^>]*value="([^"]*)"/g)].map((m) => [Number(m[1]), m[2]]);
const saves = [];
let conflicts = 0;
await Promise.all(actionIds.slice(0, WRITERS).map(async ([row, initial]) => {
  let expected = initial.replaceAll("&amp;", "&");
  for (let i = 0; i < SAVES_PER_WRITER; i++) {
    const value = `Bench action ${row} edit ${i}`;
    const start = performance.now();
    const res = await fetch(`${base}/api/save_field`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ edit: { plan_id: planId, field: "ActionText", row, expected, value } }),
    });
    const outcome = await res.json();
    saves.push(performance.now() - start);
    if (outcome.Saved) expected = outcome.Saved.value; else conflicts++;
  }
}));

console.log(summary("render of the largest plan", renders));
console.log(summary(`save round trip, ${WRITERS} concurrent writers`, saves) + ` conflicts=${conflicts}`);
