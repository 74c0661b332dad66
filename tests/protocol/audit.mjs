// graphql-http's GraphQL-over-HTTP audit against a running server; prints one JSON report.
// Usage: node tests/protocol/audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs URL");
  process.exit(2);
}
const results = await auditServer({ url });
const report = { ok: 0, warn: [], error: [], other: [] };
for (const result of results) {
  const entry = { id: result.id, name: result.name, status: result.status, reason: result.reason };
  if (result.status === "ok") report.ok += 1;
  else (report[result.status] ?? report.other).push(entry);
}
console.log(JSON.stringify(report, null, 2));
