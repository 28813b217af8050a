#!/usr/bin/env bash
# End-to-end: the real app (debug build) in a real X window under Xvfb. A person's steps:
# wait for the first frame, Ctrl+F, type "Libreville", click the marker that appears on
# the map, and check that the app selected it (its log) and that the screen shows it: the
# yellow selection ring around the marker and its row highlighted in the list (screenshots,
# kept in target/e2e/); Ctrl+Q quits; then the app online against a tile server on
# 127.0.0.1, whose tiles must be drawn and cached on disk. Every wait polls the screen or
# the log with a deadline that only bounds a hang. Needs xvfb, xdotool, imagemagick and
# python3 (scripts/install-deps.sh --test).
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
  # Newest first, each waited for: the apps end before the X server they draw on.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
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
app=$!
pids+=($app)

for _ in $(seq 600); do grep -q "first frame" "$work/app.log" && break; sleep 0.1; done
grep -q "first frame" "$work/app.log" || fail "no first frame within 60 s"
wid=$(xdotool search --sync --name "Diplomap" | head -n 1)
[ -n "$wid" ] || fail "no window"
# The window carries the app's icon (_NET_WM_ICON, 256 × 256) and id (WM_CLASS); the
# icon is saved as a picture to look at.
xprop -id "$wid" WM_CLASS | grep -q '"org.diplomap.Diplomap"' || fail "WM_CLASS: $(xprop -id "$wid" WM_CLASS)"
xprop -len 16000000 -id "$wid" -notype 32c _NET_WM_ICON >"$work/icon.txt"
python3 - "$work/icon.txt" "$out/window-icon.ppm" <<'PY' || fail "the window has no icon"
import sys
v = [int(x) for x in open(sys.argv[1]).read().split("=", 1)[1].replace("\n", "").split(",")]
w, h, px = v[0], v[1], v[2:]
assert (w, h) == (256, 256) and len(px) >= w * h, (w, h, len(px))
assert sum(1 for a in px[: w * h] if a >> 24 == 255) > w * h // 2, "mostly transparent"
out = bytearray()
for a in px[: w * h]:
    f = (a >> 24) / 255
    out += bytes(int(((a >> s) & 255) * f + 255 * (1 - f)) for s in (16, 8, 0))
open(sys.argv[2], "wb").write(b"P6 %d %d 255\n" % (w, h) + out)
PY
convert "$out/window-icon.ppm" "$out/window-icon.png" && rm -f "$out/window-icon.ppm"
# Light pixels (text) in the list's rows: a list of 65 rows has thousands, one row a few
# hundred.
list_text() {
  convert "$1" -crop 420x500+856+120 +repage -colorspace Gray -threshold 50% \
    -format '%[fx:int(mean*w*h)]' info: 2>/dev/null || echo 99999
}
# The search, typed until the list shows it took (a window that has just opened may not
# take keys yet; 60 tries at most, a minute on a loaded machine).
searched=""
for _ in $(seq 60); do
  # Focus is refused until the window is viewable.
  for _ in $(seq 50); do xdotool windowfocus --sync "$wid" 2>/dev/null && break; sleep 0.1; done
  xdotool key --window "$wid" ctrl+f ctrl+a
  xdotool type --window "$wid" --delay 30 "Libreville"
  xdotool key --window "$wid" Escape
  sleep 0.5
  import -window root "$out/1-search.png"
  if [ "$(list_text "$out/1-search.png")" -lt 1500 ]; then searched=1; break; fi
done
[ -n "$searched" ] || fail "the search did not narrow the list (see $out/1-search.png)"

# Libreville's embassy is the one mission closed in an unknown year: its marker is the
# only purple one (dark or light theme) on the map, between the side panels (the crop
# stays left of the list, whose width follows its columns).
find_marker() {
  local color=$1
  convert "$out/1-search.png" -crop 560x560+270+60 +repage -fuzz 6% -fill white -opaque "$color" \
    -fill black +opaque white -trim -format '%w %h %X %Y' info: 2>/dev/null || true
}
geom=""
# The screen is read until the search has left that one marker (20 s at most).
for _ in $(seq 40); do
  import -window root "$out/1-search.png"
  for color in '#c38be0' '#8e44ad'; do
    g=$(find_marker "$color")
    # -trim of an all-black image leaves a 1x1 box; a marker is bigger.
    set -- $g
    if [ "$#" -eq 4 ] && [ "$1" -ge 5 ] && [ "$2" -ge 5 ]; then geom="$g"; break; fi
  done
  [ -n "$geom" ] && break
  sleep 0.5
done
[ -n "$geom" ] || fail "no purple marker on the map (see $out/1-search.png)"
set -- $geom
x=$((270 + ${3#+} + $1 / 2))
y=$((60 + ${4#+} + $2 / 2))
echo "e2e: marker at $x,$y"
xdotool mousemove --sync "$x" "$y"
# The click, once the app has seen the pointer there (its frame after the move).
for _ in $(seq 10); do
  sleep 0.2
  xdotool click 1
  for _ in $(seq 10); do grep -q "selected ga-libreville-embassy" "$work/app.log" && break 2; sleep 0.1; done
done
grep -q "selected ga-libreville-embassy" "$work/app.log" || fail "the click did not select Libreville's embassy"
# The screen shows the selection: the yellow ring around the marker, and the mission's
# row highlighted in the list (none of either before the click).
count() { # image, crop, colour: how many pixels of that colour
  convert "$1" -crop "$2" +repage -fuzz 8% -fill black +opaque "$3" -fill white -opaque "$3" \
    -format '%[fx:int(mean*w*h)]' info: 2>/dev/null || echo 0
}
ring="60x60+$((x - 30))+$((y - 30))"
[ "$(count "$out/1-search.png" "$ring" '#d1b210')" -eq 0 ] || fail "a selection ring before the click"
shown=""
for _ in $(seq 40); do
  import -window root "$out/2-selected.png"
  if [ "$(count "$out/2-selected.png" "$ring" '#d1b210')" -ge 20 ] &&
    [ "$(count "$out/2-selected.png" 430x640+850+0 '#005b7f')" -ge 1000 ]; then
    shown=1
    break
  fi
  sleep 0.5
done
[ -n "$shown" ] || fail "no selection ring and highlighted row after the click (see $out/2-selected.png)"
# Ctrl+Q quits: the process ends (10 s at most).
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool key --window "$wid" ctrl+q
for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$app" 2>/dev/null || fail "Ctrl+Q did not quit the app"
wait "$app" || fail "the app quit with status $?"
cp "$work/app.log" "$out/app.log"

# Online tiles from a tile server on 127.0.0.1 (zooms 0-4, every tile one red square):
# the map draws them, and they land in the disk cache.
tiles="$work/tiles"
convert -size 256x256 xc:'#c81e1e' "$work/red.png"
for z in 0 1 2 3 4; do
  for x in $(seq 0 $(((1 << z) - 1))); do
    mkdir -p "$tiles/$z/$x"
    for y in $(seq 0 $(((1 << z) - 1))); do cp "$work/red.png" "$tiles/$z/$x/$y.png"; done
  done
done
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$tiles" "$port" >"$work/tiles.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/0/0/0.png" -o /dev/null && break; sleep 0.1; done
# A known view (zoom 2 over Europe and Africa), whatever the first run left behind.
printf '(version: 1, state: (map_center: (20.0, 20.0), map_zoom: 2.0))\n' >"$work/online.ron"
DIPLOMAP_TILES="http://127.0.0.1:$port/{z}/{x}/{y}.png" RUST_LOG=diplomap=info "$bin" --settings "$work/online.ron" >"$work/online.log" 2>&1 &
online=$!
pids+=($online)
cache="$XDG_CACHE_HOME/diplomap/tiles"
red=""
for _ in $(seq 60); do
  import -window root "$out/3-online.png"
  # The map's middle, between the panels: red where the server's tiles are drawn.
  n=$(count "$out/3-online.png" 400x400+350+150 '#c81e1e')
  if [ "$n" -ge 20000 ] && [ -n "$(find "$cache" -type f 2>/dev/null | head -n 1)" ]; then red=1; break; fi
  sleep 0.5
done
[ -n "$red" ] || fail "the local server's tiles are not drawn and cached (see $out/3-online.png, $cache)"
grep -q '"GET /2/' "$work/tiles.log" ||
  fail "no tile of the view (zoom 2) was asked for; asked: $(grep -o 'GET /[0-9]*/' "$work/tiles.log" | sort | uniq -c | tr -s '\n ' ' ')"
kill "$online" 2>/dev/null || true
wait "$online" 2>/dev/null || true
echo "e2e: 2 passed, 0 failed"
