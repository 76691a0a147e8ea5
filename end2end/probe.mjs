import { chromium } from "playwright-core";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--disable-quic"] });
const p = await b.newPage();
p.on("console", async m => { if (m.text().includes("hydration error")) { for (const a of m.args()) { console.log("arg:", (await a.evaluate(n => n && n.nodeType ? (n.nodeType + ' ' + (n.outerHTML || n.textContent) + ' parent=' + (n.parentNode && n.parentNode.outerHTML || '').slice(0,300)) : String(n).slice(0,100)))); } } });
await p.goto(process.argv[2] ?? "http://127.0.0.1:3005/login");
await p.waitForTimeout(3000);
await b.close();
