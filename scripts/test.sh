#!/usr/bin/env bash
# Runs every test of youdai, installing what the tests need when it is missing
# (Debian's chromium and CJK fonts for the browser tests, Java for the Nu HTML checker,
# xmllint for the sitemap schema, python3 for its JSON reader; npm's playwright-core, vnu-jar
# and the rest of tests/browser/package.json).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (Debian)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== format and lints"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings

echo "== Rust unit and integration tests"
cargo build --release --quiet
cargo test --quiet 2>&1 | tee /tmp/youdai-cargo-test.log
grep -q "test result: FAILED" /tmp/youdai-cargo-test.log && exit 1

echo "== browser tests (headless Chromium) and validators of the output"
cd tests/browser
# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used.
for dep in $(node -p 'Object.keys(require("./package.json").dependencies).join(" ")'); do
  [ -d "node_modules/$dep" ] || { npm ci --no-audit --no-fund --silent --ignore-scripts; break; }
done
node --test
