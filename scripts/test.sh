#!/usr/bin/env bash
# The project's checks, as CI runs them: formatting, lints, unit/integration/UI tests, and
# the end-to-end run of the real app in an X window (Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test
if [ -x scripts/e2e.sh ]; then scripts/e2e.sh; fi
