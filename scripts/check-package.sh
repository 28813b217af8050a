#!/usr/bin/env bash
# Builds the Debian package (scripts/package-deb.sh) and checks it as a distribution would:
# the desktop entry and the AppStream metainfo validate, lintian finds no error, the
# package holds every file it should, and the program installed from it into a scratch
# root runs (--version, an export), its man page renders and its bash completion loads.
# scripts/test.sh runs it; it needs what scripts/install-deps.sh --test installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
fail() { echo "check-package: $*" >&2; exit 1; }
id=org.diplomap.Diplomap
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

desktop-file-validate "assets/desktop/$id.desktop"
# The metainfo as shipped (no screenshots named), and with screenshots where they would be
# published (a documentation address; --no-net fetches nothing).
DIPLOMAP_SCREENSHOTS_URL=https://example.org/diplomap scripts/package-deb.sh --metainfo-only
grep -q "<image>https://example.org/diplomap/screenshot.png</image>" "target/package/$id.metainfo.xml" \
  || fail "the screenshots are not put in the metainfo"
appstreamcli validate --no-net "target/package/$id.metainfo.xml"

scripts/package-deb.sh >/dev/null
deb=$(ls target/debian/diplomap_"$version"-*_*.deb | tail -n 1)
appstreamcli validate --no-net "target/package/$id.metainfo.xml"
grep -q "<screenshots>" "target/package/$id.metainfo.xml" && fail "screenshots named without DIPLOMAP_SCREENSHOTS_URL"

# No lintian error. The warnings left, and why: groff's "cannot adjust line" on the man
# pages' synopses (clap_mangen writes each on one line); initial-upload-closes-no-bugs (a
# package not uploaded to Debian closes no bug).
lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs "$deb"

listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in usr/bin/diplomap \
         "usr/share/applications/$id.desktop" \
         "usr/share/metainfo/$id.metainfo.xml" \
         usr/share/icons/hicolor/scalable/apps/diplomap.svg \
         usr/share/icons/hicolor/{16x16,24x24,32x32,48x48,64x64,128x128,256x256,512x512}/apps/diplomap.png \
         usr/share/man/man1/diplomap.1.gz \
         usr/share/man/man1/diplomap-{import,export,render,animate,stats,changes,check,synth,bench,build-data}.1.gz \
         usr/share/bash-completion/completions/diplomap \
         usr/share/zsh/vendor-completions/_diplomap \
         usr/share/fish/vendor_completions.d/diplomap.fish \
         usr/share/doc/diplomap/{copyright,changelog.Debian.gz,README.md,LICENSE-MIT,LICENSE-APACHE} \
         usr/share/doc/diplomap/licences/{OFL-Noto-Sans.txt,LICENSE-world-atlas.txt}; do
  grep -qx "./$f" <<<"$listing" || fail "$f is not in $deb"
done
# Its dependencies: the libraries the program links and the ones the window opens.
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libx11-6 libxkbcommon-x11-0 libwayland-client0 libegl1 libgl1; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
bin="$root/usr/bin/diplomap"
"$bin" --version | grep -q "^diplomap $version$" || fail "--version of the installed binary"
"$bin" --version | grep -q "world .*missions, as of" || fail "--version names no data set"
"$bin" export --format csv -o "$root/missions.csv"
head -n 1 "$root/missions.csv" | grep -q "^id,sending_state," || fail "export from the installed binary"
[ "$(wc -l <"$root/missions.csv")" -gt 100 ] || fail "the export is short"
MANWIDTH=80 man -l "$root/usr/share/man/man1/diplomap.1.gz" 2>/dev/null | grep -q "diplomap - Explore" \
  || fail "man -l does not render the page"
MANWIDTH=80 man -l "$root/usr/share/man/man1/diplomap-export.1.gz" 2>/dev/null | grep -q -- "--format" \
  || fail "man -l does not render the export page"
bash -c ". '$root/usr/share/bash-completion/completions/diplomap' && complete -p diplomap" >/dev/null \
  || fail "the bash completion does not load"
desktop-file-validate "$root/usr/share/applications/$id.desktop"
echo "check-package: $deb passes ($(du -h "$deb" | cut -f1))"
