//! The build report, in Markdown: how each row was placed, what matched, what conflicted
//! and how it was decided. Committed as `data/sources/REPORT.md`.

use std::fmt::Write;

use super::{Log, Placement, RowNote};

fn notes(out: &mut String, title: &str, rows: &[RowNote]) {
    let _ = writeln!(out, "\n## {title} ({})\n", rows.len());
    if rows.is_empty() {
        out.push_str("None.\n");
    }
    for r in rows {
        let _ = writeln!(out, "- line {}, {}: {}", r.line, r.item, r.what);
    }
}

fn lines(out: &mut String, title: &str, rows: &[String]) {
    let _ = writeln!(out, "\n## {title} ({})\n", rows.len());
    if rows.is_empty() {
        out.push_str("None.\n");
    }
    for r in rows {
        let _ = writeln!(out, "- {r}");
    }
}

pub fn write(log: &Log, north_korea: usize, world: usize) -> String {
    let n = |p: Placement| log.placed.get(&p).copied().unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# How the built-in data sets were made\n\n\
         Made by `diplomap build-data` from `data/missions.json` (the list) and\n\
         `data/sources/wikidata-missions-2022-11.csv` (Wikidata, CC0, compiled by\n\
         database-of-embassies). Rerunning it reproduces `data/north-korea.json`,\n\
         `data/world.json` and this report byte for byte (a test checks).\n\n\
         ## Summary\n\n\
         - Rows read: {}; the same item listed twice: {}; not placed: {}.\n\
         - Placed at the building (Wikidata's coordinates): {}; at the city (gazetteer): {};\n  \
           at the host country's capital (precision country): {}.\n\
         - `north-korea`: {north_korea} missions; `world`: {world} missions.\n\
         - Rules: the list decides which of North Korea's missions exist, their types and\n  \
           their closures; Wikidata gives building coordinates, accreditations, addresses,\n  \
           websites and opening years the list lacks.",
        log.rows,
        log.duplicates.len(),
        log.dropped.len(),
        n(Placement::Building),
        n(Placement::City),
        n(Placement::Capital),
    );
    lines(
        &mut out,
        "North Korea's missions: list ↔ Wikidata",
        &log.matches,
    );
    lines(
        &mut out,
        "Wikidata's North Korean missions the list lacks",
        &log.unmatched,
    );
    lines(&mut out, "Foreign missions in North Korea", &log.inbound);
    lines(&mut out, "Conflicts and decisions", &log.conflicts);
    notes(&mut out, "The same item listed twice", &log.duplicates);
    notes(
        &mut out,
        "Districts and other places named by their city",
        &log.renamed,
    );
    districts(&mut out, &log.districts);
    notes(
        &mut out,
        "Doubtful opening years (before 1800)",
        &log.doubtful,
    );
    notes(&mut out, "Rows not placed (left out)", &log.dropped);
    out
}

/// The section listing the missions whose dates the state tables question, of one set.
pub fn dates(out: &mut String, set: &str, findings: &[(&str, String)]) {
    let _ = writeln!(
        out,
        "\n## Dates the state tables question: `{set}` ({})\n\n\
         A source's year outranks a bound derived from the state tables (membership of the\n\
         state system is a proxy); each case is listed, and the app's details show both.\n\
         A recorded opening before 1816 that the tables contradict is not drawn.\n",
        findings.len()
    );
    if findings.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for (id, f) in findings {
        let _ = writeln!(out, "- {id}: {f}");
    }
}

/// The districts named by their city: each rule (data/districts.tsv) with how many rows it
/// named, then the rows.
fn districts(out: &mut String, rows: &[RowNote]) {
    use std::fmt::Write;
    let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for r in rows {
        *by_rule.entry(r.what.as_str()).or_default() += 1;
    }
    let _ = writeln!(
        out,
        "\n## Districts named by their city (data/districts.tsv): {} rows\n",
        rows.len()
    );
    for (rule, n) in &by_rule {
        let _ = writeln!(out, "- {rule}: {n}");
    }
}

/// How the rules of counting (`crate::senders`) fall on one set: missions by group of
/// kinds, senders by class, ministries folded, missions to organisations, accreditations
/// to places that are not sovereign states.
pub fn counting(out: &mut String, set: &str, missions: &[crate::model::Mission]) {
    use crate::senders::{self, KindGroup, SenderClass};
    use std::collections::{BTreeMap, BTreeSet};
    use std::fmt::Write;
    let gaz = crate::gazetteer::Gazetteer::embedded();
    let _ = writeln!(
        out,
        "\n## Counting the way the field counts: `{set}`\n\n\
         The rules are in data/senders/README.md; `stats` and the ranking count diplomatic\n\
         and consular posts of states, in sovereign states, missions to organisations aside.\n"
    );
    let mut groups: BTreeMap<KindGroup, usize> = BTreeMap::new();
    for m in missions {
        *groups.entry(KindGroup::of(m)).or_default() += 1;
    }
    for g in KindGroup::ALL {
        let counted = if g.counted_by_default() {
            "counted"
        } else {
            "not counted unless asked"
        };
        let _ = writeln!(
            out,
            "- {} posts: {} ({counted})",
            g.label(),
            groups.get(&g).copied().unwrap_or(0)
        );
    }
    let mut classes: BTreeMap<SenderClass, BTreeMap<&str, usize>> = BTreeMap::new();
    for m in missions {
        let s = senders::shown_name(&m.sending_state);
        *classes
            .entry(senders::class_of(s))
            .or_default()
            .entry(s)
            .or_default() += 1;
    }
    for (class, names) in &classes {
        let n: usize = names.values().sum();
        let ranked = if class.ranked_by_default() {
            "ranked"
        } else {
            "not ranked unless asked"
        };
        if *class == SenderClass::State {
            let _ = writeln!(
                out,
                "- senders that are states: {} with {n} missions ({ranked})",
                names.len()
            );
        } else {
            let list: Vec<String> = names.iter().map(|(s, k)| format!("{s} {k}")).collect();
            let _ = writeln!(
                out,
                "- {}: {} with {n} missions ({ranked}): {}",
                class.label(),
                names.len(),
                list.join(", ")
            );
        }
    }
    let folded: Vec<String> = missions
        .iter()
        .filter_map(|m| {
            m.extra()
                .sender_word
                .as_ref()
                .map(|w| format!("{} ← {w}", m.id))
        })
        .collect();
    let _ = writeln!(
        out,
        "- missions whose sender its source names otherwise (a ministry, a government; the source's name kept as the word): {}{}",
        folded.len(),
        if folded.is_empty() {
            String::new()
        } else {
            format!(" ({})", folded.join("; "))
        }
    );
    let to_org = missions
        .iter()
        .filter(|m| senders::to_organisation(m))
        .count();
    let _ = writeln!(
        out,
        "- missions to organisations (no host country for them): {to_org}"
    );
    let mut elsewhere: BTreeSet<String> = BTreeSet::new();
    let mut pairs = 0;
    for m in missions {
        for c in &m.extra().accredited_to {
            let k = crate::network::country_key(gaz, c);
            if !senders::is_sovereign(&k) {
                pairs += 1;
                elsewhere.insert(c.to_string());
            }
        }
    }
    let _ = writeln!(
        out,
        "- accreditations to places that are not sovereign states (listed apart, not counted): {pairs}, to {} places: {}",
        elsewhere.len(),
        elsewhere.into_iter().collect::<Vec<_>>().join(", ")
    );
}
