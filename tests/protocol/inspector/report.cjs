// graphql-inspector diff --onComplete handler: print every change as one JSON line on stdout,
// after a marker, so the Python test can read them among the CLI's own log lines.
module.exports = function report({ breakingChanges, dangerousChanges, nonBreakingChanges }) {
  const pick = (level) => (change) => ({
    level,
    type: change.type,
    path: change.path ?? null,
    message: change.message,
  });
  const changes = [
    ...breakingChanges.map(pick("BREAKING")),
    ...dangerousChanges.map(pick("DANGEROUS")),
    ...nonBreakingChanges.map(pick("NON_BREAKING")),
  ];
  process.stdout.write("\n@@changes@@" + JSON.stringify(changes) + "\n");
};
