#!/usr/bin/env python3
"""Compile Diplomap's evidence tables from the state-system sources.

Reads (from a copy of the shared sources, not at run time):
  cow-states-2016.csv   Correlates of War, State System Membership List v2016
  capitals-2016.csv     capitals and capital moves of the COW states (peacesciencer)
Writes (committed, embedded by the core's `evidence` module):
  data/evidence/states.tsv  iso2, ccode, COW name, first year, last year (empty: still a
                            member at the list's end, 2016), as what (the state itself
                            or the predecessor it is counted through)
  data/evidence/seats.tsv   iso2, city names ('|'-separated), first year, last year
                            (empty: still), source note: where a host's embassies stand

Rules (documented in data/evidence/README.md):
- A COW state is matched to an ISO 3166 code through the gazetteer's country names and
  aliases, plus the overrides below. States no code stands for (Baden, the Papal States,
  the Korean Empire) are left out; so are the Holy See and Palestine, which COW lacks.
- Predecessors: a state is counted through the ones named in PREDECESSORS (Germany through
  the two German states, Czechia through Czechoslovakia, ...).
- Seats start at the capitals file's year, but never before the state's own first year
  in COW; known errors of the file are corrected (SEAT_FIXES), and where embassies stand
  in a city that is not the capital, that city is the seat (checked against where the
  Wikidata snapshot's embassies stand in 2022).

Usage (from the repository root):
  python3 tools/make_evidence.py ../shared/data data/evidence
"""
import csv
import sys
import unicodedata
from pathlib import Path


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().replace("&", "and").replace(".", "").split())


# COW names the gazetteer does not know, by ISO code.
ISO_OVERRIDES = {
    "Antigua & Barbuda": "AG",
    "Cape Verde": "CV",
    "Congo": "CG",
    "Czech Republic": "CZ",
    "Democratic Republic of the Congo": "CD",
    "East Timor": "TL",
    "Federated States of Micronesia": "FM",
    "Ivory Coast": "CI",
    "Macedonia": "MK",
    "North Korea": "KP",
    "South Korea": "KR",
    "St. Kitts and Nevis": "KN",
    "St. Lucia": "LC",
    "St. Vincent and the Grenadines": "VC",
    "Swaziland": "SZ",
    "United States of America": "US",
    "Vietnam": "VN",
    "Yugoslavia": "RS",
    "Russia": "RU",
    "Gambia": "GM",
    "Bahamas": "BS",
    "Myanmar": "MM",
    "Taiwan": "TW",
    "Laos": "LA",
    "Syria": "SY",
    "Iran": "IR",
    "Moldova": "MD",
    "Brunei": "BN",
    "Tanzania": "TZ",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Sao Tome and Principe": "ST",
}

# COW states with no ISO code of their own today, and the state counted through them.
PREDECESSORS = {
    "German Federal Republic": "DE",
    "German Democratic Republic": "DE",
    "Czechoslovakia": "CZ",
    "Yemen Arab Republic": "YE",
    "Yemen People's Republic": "YE",
    "Republic of Vietnam": "VN",
    "Zanzibar": "TZ",
}

# COW states left out: no code stands for them today.
LEFT_OUT = {
    "Baden", "Bavaria", "Hanover", "Hesse Electoral", "Hesse Grand Ducal",
    "Mecklenburg Schwerin", "Modena", "Papal States", "Parma", "Saxony", "Tuscany",
    "Two Sicilies", "Wuerttemburg", "Korea", "Austria-Hungary",
}

# Seats corrected: (COW name) -> rows (city names, first, last or None, note). These
# replace the capitals file's rows for that state.
SEAT_FIXES = {
    "Turkey": [
        ("Istanbul|Constantinople", 1816, 1922, "capital until 1923 (the capitals file gives Ankara from 1816)"),
        ("Ankara", 1923, None, "capital from 1923"),
    ],
    "Finland": [("Helsinki", 1917, None, "capital (the file's first row reads 1816-1812)")],
    "Germany": [
        ("Berlin", 1816, 1945, "capital"),
        ("Bonn", 1990, 1998, "embassies stayed in Bonn until the move of 1999"),
        ("Berlin", 1999, None, "embassies moved from Bonn in 1999"),
    ],
    "German Federal Republic": [("Bonn", 1955, 1990, "the Federal Republic's seat (the file gives 1816-2016)")],
    "German Democratic Republic": [("Berlin|East Berlin", 1954, 1990, "the GDR's capital (the file gives 1816-2016)")],
    "Israel": [("Tel Aviv|Tel Aviv-Yafo|Ramat Gan|Herzliya", 1948, None, "embassies stand in Tel Aviv and its suburbs, not Jerusalem")],
    "Netherlands": [("The Hague|Den Haag|'s-Gravenhage", 1816, None, "embassies stand in The Hague, not Amsterdam")],
    "Tanzania": [("Dar es Salaam", 1961, None, "embassies stand in Dar es Salaam, not Dodoma")],
    "Bolivia": [("La Paz", 1848, None, "embassies stand in La Paz, the seat of government, not Sucre")],
    "Ivory Coast": [("Abidjan", 1960, None, "embassies stand in Abidjan, not Yamoussoukro")],
    "Myanmar": [("Yangon|Rangoon", 1948, None, "embassies stayed in Yangon after the capital moved in 2005")],
    "Benin": [("Cotonou", 1960, None, "embassies stand in Cotonou, not Porto-Novo")],
    "Kazakhstan": [
        ("Almaty|Alma-Ata", 1991, 1997, "capital until the move to Astana"),
        ("Astana|Nur-Sultan|Akmola", 1998, None, "capital from 1998"),
    ],
    "Switzerland": [("Bern|Berne", 1848, None, "federal city from 1848")],
    "Sri Lanka": [("Colombo", 1948, None, "embassies stand in Colombo, not Sri Jayawardenepura Kotte")],
    "Malaysia": [("Kuala Lumpur", 1957, None, "embassies stand in Kuala Lumpur, not Putrajaya")],
    "Philippines": [("Manila|Makati|Taguig|Pasay|Quezon City", 1946, None, "embassies stand in Metro Manila")],
    "United States of America": [("Washington, D.C.|Washington D.C.|Washington", 1816, None, "capital")],
    "Ivory": [],
}


def load_gazetteer(path):
    names = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        iso, name = f[0], f[1]
        aliases = f[3].split(";") if len(f) > 3 and f[3] else []
        for n in [name, *aliases]:
            names.setdefault(fold(n), iso)
    return names


def main(src, out):
    src, out = Path(src), Path(out)
    gaz = load_gazetteer(Path("data/gazetteer/countries.tsv"))
    cow = list(csv.DictReader(open(src / "cow-states-2016.csv", encoding="utf-8")))
    caps = list(csv.DictReader(open(src / "capitals-2016.csv", encoding="utf-8")))
    iso_of = {}
    states = []
    for r in cow:
        name = r["statenme"]
        if name in LEFT_OUT:
            continue
        if name in PREDECESSORS:
            iso, what = PREDECESSORS[name], "predecessor"
        else:
            iso = ISO_OVERRIDES.get(name) or gaz.get(fold(name))
            what = "state"
        if not iso:
            sys.exit(f"no ISO code for COW state {name!r}")
        iso_of[r["ccode"]] = (iso, name)
        end = "" if r["endyear"] == "2016" and r["endmonth"] == "12" and r["endday"] == "31" else r["endyear"]
        states.append((iso, r["ccode"], name, r["styear"], end, what))
    first = {}
    for iso, cc, name, st, end, what in states:
        first[name] = min(first.get(name, 9999), int(st))
    with open(out / "states.tsv", "w", encoding="utf-8") as f:
        f.write("# Compiled by tools/make_evidence.py from the Correlates of War State System Membership List v2016.\n")
        f.write("#iso\tccode\tcow_name\tfrom\tto\tas\n")
        for row in sorted(states, key=lambda r: (r[0], int(r[3]), r[2])):
            f.write("\t".join(row) + "\n")
    seats = []
    done = set()
    for r in caps:
        cc = r["ccode"]
        if cc not in iso_of:
            continue
        iso, name = iso_of[cc]
        if name in SEAT_FIXES:
            if name not in done:
                done.add(name)
                for city, a, b, note in SEAT_FIXES[name]:
                    seats.append((iso, city, str(a), "" if b is None else str(b), note))
            continue
        a = max(int(r["styear"]), first[name])
        b = int(r["endyear"])
        if b < a:
            continue
        # The file's rows meet at the year of a move: the old seat ends the year before.
        later = [x for x in caps if x["ccode"] == cc and int(x["styear"]) > int(r["styear"])]
        last = "" if b == 2016 else str(b - 1 if later else b)
        city = r["capital"]
        extra = {"Brasilia": "Brasília", "Washington D.C.": "Washington, D.C.", "Rangoon": "Yangon", "Calcutta": "Kolkata", "Torino": "Turin", "Vlore": "Vlorë"}.get(city)
        if extra:
            city = f"{city}|{extra}"
        seats.append((iso, city, str(a), last, "capital (COW capitals list)"))
    with open(out / "seats.tsv", "w", encoding="utf-8") as f:
        f.write("# Where each host's embassies stand, year by year. Compiled by tools/make_evidence.py from the\n")
        f.write("# COW capitals list (peacesciencer), corrected as data/evidence/README.md says.\n")
        f.write("#iso\tcities\tfrom\tto\tnote\n")
        for row in sorted(seats, key=lambda r: (r[0], int(r[2]))):
            f.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
