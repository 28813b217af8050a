#!/usr/bin/env bash
# Builds the Debian package, target/debian/diplomap_VERSION-1_ARCH.deb: the release binary,
# the desktop entry, the AppStream metainfo, the icons, the man pages and shell completions
# (made from the clap definitions by examples/manpage.rs), the licences and credits.
# Needs cargo-deb (scripts/install-deps.sh --test installs it). Extra arguments go to
# cargo deb; --metainfo-only makes target/package/org.diplomap.Diplomap.metainfo.xml alone.
# DIPLOMAP_SCREENSHOTS_URL: where assets/screenshot*.png are published, for
# the AppStream metainfo (unset: it lists no screenshots). The Maintainer field is DEBFULLNAME <DEBEMAIL> when both are set, else the
# last commit's author.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-deb >/dev/null || { echo "package-deb.sh: cargo-deb is missing (scripts/install-deps.sh --test installs it)" >&2; exit 1; }
metainfo_only=0
if [ "${1:-}" = "--metainfo-only" ]; then metainfo_only=1; shift; fi
out=target/package
mkdir -p "$out"
# The metainfo, with the screenshots where they are published (none named: none listed).
metainfo_in=assets/desktop/org.diplomap.Diplomap.metainfo.xml.in
metainfo="$out/org.diplomap.Diplomap.metainfo.xml"
if [ -n "${DIPLOMAP_SCREENSHOTS_URL:-}" ]; then
  base="${DIPLOMAP_SCREENSHOTS_URL%/}"
  shots="  <screenshots>
    <screenshot type=\"default\">
      <caption>North Korea's missions on the map, with the timeline</caption>
      <image>$base/screenshot.png</image>
    </screenshot>
    <screenshot>
      <caption>Every country's missions, from Wikidata</caption>
      <image>$base/screenshot-world.png</image>
    </screenshot>
  </screenshots>"
else
  shots=""
fi
SHOTS="$shots" awk '/@SCREENSHOTS@/ { if (ENVIRON["SHOTS"] != "") print ENVIRON["SHOTS"]; next } { print }' "$metainfo_in" >"$metainfo"
[ "$metainfo_only" -eq 1 ] && exit 0

# Man pages and completions from the clap definitions.
rm -rf "$out/man" "$out/completions"
cargo run --quiet --example manpage -- "$out" >/dev/null
gzip -9n "$out"/man/*.1
if [ -n "${DEBFULLNAME:-}" ] && [ -n "${DEBEMAIL:-}" ]; then
  maintainer="$DEBFULLNAME <$DEBEMAIL>"
else
  maintainer=$(git log -1 --format='%an <%ae>' 2>/dev/null || echo "The Diplomap developers")
fi
cargo deb --quiet --maintainer "$maintainer" "$@"
ls target/debian/diplomap_*.deb
