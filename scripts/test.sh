#!/usr/bin/env bash
# The project's checks, as CI runs them: formatting, lints, doc links, the core and the fuzz targets
# built on their own, unit/integration/UI tests of every crate, and the end-to-end run of
# the real app in an X window (Xvfb), then the Debian package built and checked.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fmt --check
cargo clippy --workspace --all-targets -- -D warnings
# The doc comments' links resolve (private items too: they document the design).
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --document-private-items --quiet
# The core builds on its own (no GUI crate below it), and so do the fuzz targets on it.
cargo check -p diplomap-core
cargo check --manifest-path fuzz/Cargo.toml
cargo test --workspace
if [ -x scripts/e2e.sh ]; then scripts/e2e.sh; fi
scripts/check-package.sh
