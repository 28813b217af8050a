#!/usr/bin/env bash
# Makes assets/fonts/NotoSans-Light-subset.ttf, the app's second font: the letters of the
# Latin, Greek and Cyrillic blocks (Vietnamese, transliterated Arabic place names such as
# Ḩawallī, IPA, combining accents, punctuation and currency signs) that egui's own
# Ubuntu Light lacks, taken from Noto Sans Light (SIL Open Font License 1.1, see
# assets/fonts/OFL.txt). Run once by hand when the list below changes; the result is
# committed. Needs apt (fonts-noto-extra) and pip (fonttools).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download fonts-noto-extra >/dev/null && dpkg -x fonts-noto-extra_*.deb x)
pip install --quiet fonttools
noto="$work/x/usr/share/fonts/truetype/noto/NotoSans-Light.ttf"
ubuntu=$(find "$HOME/.cargo/registry/src" -path '*epaint_default_fonts-0.37*' -name Ubuntu-Light.ttf | head -1)
python3 - "$ubuntu" "$noto" "$work/unicodes.txt" <<'PY'
import sys
from fontTools.ttLib import TTFont
ubuntu, noto, out = sys.argv[1:]
blocks = [
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0250, 0x02FF),  # IPA, spacing modifier letters (ʻ)
    (0x0300, 0x036F),  # combining diacritical marks
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Ḩ, ṣ, ẖ)
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x214F),  # letterlike symbols
]
have = set(TTFont(ubuntu).getBestCmap())
noto_has = set(TTFont(noto).getBestCmap())
want = sorted(c for a, b in blocks for c in range(a, b + 1) if c not in have and c in noto_has)
open(out, "w").write(",".join(f"U+{c:04X}" for c in want))
print(f"{len(want)} characters", file=sys.stderr)
PY
pyftsubset "$noto" --unicodes-file="$work/unicodes.txt" --layout-features='*' \
    --no-hinting --output-file=assets/fonts/NotoSans-Light-subset.ttf
ls -l assets/fonts/NotoSans-Light-subset.ttf
