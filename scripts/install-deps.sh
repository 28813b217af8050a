#!/usr/bin/env bash
# Installs what Diplomap needs on Debian or Ubuntu: a C compiler for the crates that build C,
# the libraries the window opens at run time (X11/Wayland, OpenGL via Mesa), and a Rust
# toolchain (rustup) when cargo is missing. With --test, also what the tests need: Xvfb,
# xdotool and ImageMagick for the end-to-end run in a real window, Python for its tile
# server on 127.0.0.1, and the packaging tools (cargo-deb, lintian, desktop-file-utils,
# appstream, man) that build and check the Debian package.
# Runs as root, or through sudo; safe to run again.
set -euo pipefail

want_test=0
for a in "$@"; do
  case "$a" in
    --test) want_test=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi

pkgs=(ca-certificates curl build-essential
      libx11-6 libxcursor1 libxrandr2 libxi6 libxkbcommon0 libxkbcommon-x11-0
      libwayland-client0 libwayland-egl1 libwayland-cursor0
      libgl1 libegl1 libgl1-mesa-dri)
if [ "$want_test" -eq 1 ]; then
  pkgs+=(xvfb xdotool imagemagick x11-utils python3
         desktop-file-utils appstream lintian man-db dpkg-dev)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps.sh: installing ${missing[*]}" >&2
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
  echo "install-deps.sh: installing Rust with rustup" >&2
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
fi
if [ -x "$HOME/.cargo/bin/rustup" ] || command -v rustup >/dev/null 2>&1; then
  PATH="$HOME/.cargo/bin:$PATH" rustup component add clippy rustfmt >/dev/null 2>&1 || true
fi
# cargo-deb builds the package (scripts/package-deb.sh); a tool, not a dependency of the app.
if [ "$want_test" -eq 1 ] && ! PATH="$HOME/.cargo/bin:$PATH" command -v cargo-deb >/dev/null 2>&1; then
  echo "install-deps.sh: installing cargo-deb" >&2
  PATH="$HOME/.cargo/bin:$PATH" cargo install --quiet cargo-deb --version 3.8.0
fi
echo "install-deps.sh: ready (open a new shell, or run: . \"\$HOME/.cargo/env\", if cargo was just installed)" >&2
