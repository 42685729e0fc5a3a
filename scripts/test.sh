#!/usr/bin/env bash
# Runs every test of youdai, installing what the tests need when it is missing
# (Debian's chromium and CJK fonts for the browser tests, npm's playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
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

echo "== browser tests (headless Chromium)"
cd tests/browser
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent
node --test
