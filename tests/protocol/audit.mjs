// graphql-http's GraphQL-over-HTTP audit against a running server; prints one JSON report.
// Usage: node tests/protocol/audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs URL");
  process.exit(2);
}
const results = await auditServer({ url });
const report = { ok: 0, warn: [], error: [] };
for (const result of results) {
  if (result.status === "ok") report.ok += 1;
  else report[result.status].push({ id: result.id, name: result.name, reason: result.reason });
}
console.log(JSON.stringify(report, null, 2));
