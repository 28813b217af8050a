#!/usr/bin/env bash
# Makes the application icon's PNGs (assets/icon/diplomap-N.png, N = 16 … 512) from its SVG
# source, assets/icon/diplomap.svg, with resvg (examples/icons.rs). tests/package.rs fails
# when the committed PNGs are not what the SVG makes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo run --quiet --example icons -- assets/icon
