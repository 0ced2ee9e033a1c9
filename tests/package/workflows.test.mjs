// The release workflow builds what the README promises: installers for the three systems, six kinds in all,
// each checked with a SHA-256 sum. (actionlint, run by .ci/run, checks that the workflows are valid.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const release = readFileSync(new URL('../../.github/workflows/release.yml', import.meta.url), 'utf8');
const ci = readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8');

/** Values of `key:` lines inside the build job's matrix `include` list. */
function matrix(key) {
  const include = release.slice(release.indexOf('include:'), release.indexOf('runs-on: ${{ matrix.os }}'));
  return [...include.matchAll(new RegExp(`^\\s+(?:- )?${key}: (.*)$`, 'gm'))].map((m) => m[1].trim());
}

test('the release matrix covers Linux, macOS and Windows', () => {
  const systems = matrix('os');
  assert.equal(systems.length, 3);
  for (const prefix of ['ubuntu-', 'macos-', 'windows-']) {
    assert.ok(systems.some((os) => os.startsWith(prefix)), `${prefix} in ${systems}`);
  }
});

test('it builds the six installer kinds', () => {
  const kinds = matrix('bundles').flatMap((b) => b.split(','));
  for (const kind of ['deb', 'rpm', 'appimage', 'dmg', 'msi', 'nsis']) {
    assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
  }
});

test('releases are drafts on a version tag, with their sums', () => {
  assert.match(release, /tags: \["v\*"\]/);
  assert.match(release, /releaseDraft: true/);
  assert.match(release, /sha256sum/);
  assert.match(release, /SHA256SUMS\.txt/);
});

test('signing is skipped, not failed, without its secrets', () => {
  for (const [secret, name] of [['APPLE_CERTIFICATE', 'Apple'], ['WINDOWS_CERTIFICATE', 'Windows']]) {
    assert.match(release, new RegExp(`secrets\\.${secret}\\b`));
    assert.match(release, new RegExp(`No ${name} certificate in this repository's secrets: the .* built unsigned`));
  }
});

test('CI runs the whole check on Linux and tests plus a release build on macOS and Windows', () => {
  assert.match(ci, /run: bash \.ci\/run/);
  assert.match(ci, /os: \[macos-14, windows-latest\]/);
  assert.match(ci, /cargo test --workspace --locked/);
  assert.match(ci, /cargo build --release --locked/);
});
