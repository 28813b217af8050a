#!/usr/bin/env bash
# End-to-end: the real app (debug build) in a real X window under Xvfb. A person's steps:
# wait for the first frame, Ctrl+F, type "Libreville", click the marker that appears on
# the map, and check that the app selected it (its log) and shows its details
# (a screenshot, kept in target/e2e/). Needs xvfb, xdotool and imagemagick
# (scripts/install-deps.sh --test).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/diplomap"
out="$PWD/target/e2e"
mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "e2e: FAILED: $*" >&2; echo "--- app log" >&2; cat "$work/app.log" >&2 || true; exit 1; }

# A free display number.
n=99
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=":$n"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo >/dev/null 2>&1 || fail "Xvfb did not start"

# A fresh home: no saved state, no tile cache; offline (no network here).
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME"
RUST_LOG=diplomap=info "$bin" --offline >"$work/app.log" 2>&1 &
pids+=($!)

for _ in $(seq 600); do grep -q "first frame" "$work/app.log" && break; sleep 0.1; done
grep -q "first frame" "$work/app.log" || fail "no first frame within 60 s"
wid=$(xdotool search --sync --name "Diplomap" | head -n 1)
[ -n "$wid" ] || fail "no window"
sleep 1
xdotool windowfocus --sync "$wid"
xdotool key --window "$wid" ctrl+f
sleep 0.3
xdotool type --window "$wid" --delay 30 "Libreville"
xdotool key --window "$wid" Escape
sleep 1
import -window root "$out/1-search.png"

# Libreville's embassy is the one mission closed in an unknown year: its marker is the
# only purple one (dark or light theme) on the map, between the side panels (the crop
# stays left of the list, whose width follows its columns).
find_marker() {
  local color=$1
  convert "$out/1-search.png" -crop 560x560+270+60 +repage -fuzz 6% -fill white -opaque "$color" \
    -fill black +opaque white -trim -format '%w %h %X %Y' info: 2>/dev/null || true
}
geom=""
for color in '#c38be0' '#8e44ad'; do
  g=$(find_marker "$color")
  # -trim of an all-black image leaves a 1x1 box; a marker is bigger.
  set -- $g
  if [ "$#" -eq 4 ] && [ "$1" -ge 5 ] && [ "$2" -ge 5 ]; then geom="$g"; break; fi
done
[ -n "$geom" ] || fail "no purple marker on the map (see $out/1-search.png)"
set -- $geom
x=$((270 + ${3#+} + $1 / 2))
y=$((60 + ${4#+} + $2 / 2))
echo "e2e: marker at $x,$y"
xdotool mousemove --sync "$x" "$y"
sleep 0.3
xdotool click 1
sleep 1.5
import -window root "$out/2-selected.png"
grep -q "selected ga-libreville-embassy" "$work/app.log" || fail "the click did not select Libreville's embassy"
# The details panel says the year is unknown: its purple "?" ring and text are drawn; the
# log line above is the check; the screenshot is for people.
cp "$work/app.log" "$out/app.log"
echo "e2e: 1 passed, 0 failed"
