//! Filtering missions: by timeline state at the current year, type, region, host country,
//! organisation, the inbound layer and free text. Plain data; the panels only edit it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::{Mission, MissionKind, Region};
use crate::text::TextMatcher;
use crate::timeline::{TimelineState, state_at};

/// The organisation key of a bilateral mission (one that serves no organisation).
pub const BILATERAL: &str = "";

/// What the user asked to see. Everything is shown by default except missions closed in
/// earlier years (ghosts, on request) and those not yet open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub hidden_states: BTreeSet<TimelineState>,
    /// Stored by their data-file words ("Consulate General"), which are no identifiers
    /// in every format the filter is saved in (RON settings).
    #[serde(with = "kind_words")]
    pub hidden_kinds: BTreeSet<MissionKind>,
    pub hidden_regions: BTreeSet<Region>,
    /// ISO codes of the host countries to show; empty shows all.
    pub countries: BTreeSet<String>,
    /// Sending states to show (by name); empty shows all.
    pub senders: BTreeSet<String>,
    /// Organisations to hide; [`BILATERAL`] hides the bilateral missions.
    pub hidden_organizations: BTreeSet<String>,
    /// Show foreign missions in the sending state (the inbound layer).
    pub show_inbound: bool,
    /// Free text, matched against city, country, organisation, type and notes.
    pub text: String,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            hidden_states: [TimelineState::NotYetOpen, TimelineState::Closed]
                .into_iter()
                .collect(),
            hidden_kinds: BTreeSet::new(),
            hidden_regions: BTreeSet::new(),
            countries: BTreeSet::new(),
            senders: BTreeSet::new(),
            hidden_organizations: BTreeSet::new(),
            show_inbound: true,
            text: String::new(),
        }
    }
}

/// A set of mission kinds as a list of their words.
mod kind_words {
    use std::collections::BTreeSet;

    use serde::{Deserialize, Deserializer, Serializer};

    use crate::model::MissionKind;

    pub fn serialize<S: Serializer>(set: &BTreeSet<MissionKind>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(set.iter().map(|k| k.as_str()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeSet<MissionKind>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|w| {
                MissionKind::parse(w).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown mission type \"{w}\""))
                })
            })
            .collect()
    }
}

/// Which part of the filter to leave out, for counts next to each option ("how many would
/// I see if I ticked this?").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    State,
    Kind,
    Region,
    Country,
    Organization,
    Sender,
    /// The inbound layer (foreign missions in the sending state).
    Inbound,
}

/// A mission to an organisation its source does not name (a permanent mission with no
/// organisation), as the organisation facet lists it: never among the bilateral ones.
pub const UNNAMED_ORGANISATION: &str = "an organisation its source does not name";

/// The organisation key of a mission.
pub fn organization_key(m: &Mission) -> &str {
    match (&m.organization, m.kind) {
        (Some(o), _) => o,
        (None, crate::model::MissionKind::PermanentMission) => UNNAMED_ORGANISATION,
        (None, _) => BILATERAL,
    }
}

/// A [`Filter`] ready to ask about many missions: [`Filter::matcher`].
pub struct Matcher<'f> {
    filter: &'f Filter,
    text: TextMatcher,
}

impl Matcher<'_> {
    /// [`Filter::matches`].
    pub fn matches(&mut self, m: &Mission, year: i32) -> bool {
        self.filter.matches_except(m, year, None, &mut self.text)
    }
}

impl Filter {
    /// Whether `m` passes the filter at `year`.
    pub fn matches(&self, m: &Mission, year: i32) -> bool {
        self.matcher().matches(m, year)
    }

    /// The filter with its text search made once, for asking about many missions (each
    /// [`Filter::matches`] makes it anew).
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher {
            filter: self,
            text: TextMatcher::new(&self.text),
        }
    }

    /// Whether `m` passes every part of the filter but `skip`. `text` is
    /// `TextMatcher::new(&self.text)`, compiled once by the caller.
    pub fn matches_except(
        &self,
        m: &Mission,
        year: i32,
        skip: Option<Facet>,
        text: &mut TextMatcher,
    ) -> bool {
        let s = skip;
        (s == Some(Facet::State) || !self.hidden_states.contains(&state_at(m, year)))
            && (s == Some(Facet::Kind) || !self.hidden_kinds.contains(&m.kind))
            && (s == Some(Facet::Region) || !self.hidden_regions.contains(&m.region))
            && (s == Some(Facet::Country)
                || self.countries.is_empty()
                || self.countries.contains(&*m.country_code))
            && (s == Some(Facet::Sender)
                || self.senders.is_empty()
                || self.senders.contains(&*m.sending_state))
            && (s == Some(Facet::Organization)
                || !self.hidden_organizations.contains(organization_key(m)))
            && (s == Some(Facet::Inbound) || self.show_inbound || !m.inbound)
            && text.matches(m)
    }

    /// True when the filter hides nothing that the default shows.
    pub fn is_default(&self) -> bool {
        *self == Filter::default()
    }

    /// What the filter does beyond the default, in words, one part each (none for the
    /// default filter): the caption under a picture says which filters made it.
    /// `countries` names the host countries by their codes (the data set's names are the
    /// caller's to give: `name_of`).
    pub fn describe(&self, name_of: &dyn Fn(&str) -> String) -> Vec<String> {
        let default = Filter::default();
        let mut parts = Vec::new();
        let list = |items: Vec<String>| items.join(", ");
        if !self.text.trim().is_empty() {
            parts.push(format!("search \u{201c}{}\u{201d}", self.text.trim()));
        }
        if !self.senders.is_empty() {
            parts.push(format!(
                "sending states: {}",
                list(self.senders.iter().cloned().collect())
            ));
        }
        if !self.countries.is_empty() {
            parts.push(format!(
                "host countries: {}",
                list(self.countries.iter().map(|c| name_of(c)).collect())
            ));
        }
        let hidden: Vec<String> = TimelineState::ALL
            .into_iter()
            .filter(|s| self.hidden_states.contains(s) && !default.hidden_states.contains(s))
            .map(|s| s.label().to_owned())
            .collect();
        if !hidden.is_empty() {
            parts.push(format!("not shown: {}", list(hidden)));
        }
        let shown: Vec<String> = TimelineState::ALL
            .into_iter()
            .filter(|s| !self.hidden_states.contains(s) && default.hidden_states.contains(s))
            .map(|s| s.label().to_owned())
            .collect();
        if !shown.is_empty() {
            parts.push(format!("also shown: {}", list(shown)));
        }
        if !self.hidden_kinds.is_empty() {
            parts.push(format!(
                "types not shown: {}",
                list(
                    self.hidden_kinds
                        .iter()
                        .map(|k| k.label().to_owned())
                        .collect()
                )
            ));
        }
        if !self.hidden_regions.is_empty() {
            parts.push(format!(
                "regions not shown: {}",
                list(
                    self.hidden_regions
                        .iter()
                        .map(|r| r.as_str().to_owned())
                        .collect()
                )
            ));
        }
        if !self.hidden_organizations.is_empty() {
            parts.push(format!(
                "organisations not shown: {}",
                list(self.hidden_organizations.iter().cloned().collect())
            ));
        }
        if self.show_inbound != default.show_inbound {
            parts.push(if self.show_inbound {
                "foreign missions in the focus state shown".to_owned()
            } else {
                "foreign missions in the focus state not shown".to_owned()
            });
        }
        parts
    }
}

/// The names among `known` that `asked` means: each asked name matches a known one
/// whatever its accents and case, or is a country's ISO code or other name in the
/// gazetteer ("KP", "DPRK" → North Korea). Errors name every unknown one, with a "did you
/// mean".
pub fn pick_names(
    what: &str,
    asked: &[String],
    known: &[&str],
    gazetteer: &crate::gazetteer::Gazetteer,
) -> Result<Vec<String>, Vec<String>> {
    let mut picked = Vec::new();
    let mut errors = Vec::new();
    let by_fold = |name: &str| {
        let f = crate::text::fold(name);
        known.iter().find(|k| crate::text::fold(k) == f).copied()
    };
    for a in asked {
        let hit = by_fold(a).or_else(|| gazetteer.country(a).and_then(|c| by_fold(&c.name)));
        match hit {
            Some(k) if !picked.iter().any(|p| p == k) => picked.push(k.to_owned()),
            Some(_) => {}
            None => errors.push(crate::text::unknown_word(what, a, known)),
        }
    }
    if errors.is_empty() {
        Ok(picked)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_embedded;

    fn visible(f: &Filter, year: i32) -> Vec<String> {
        let ds = load_embedded().expect("data");
        ds.missions
            .iter()
            .filter(|m| f.matches(m, year))
            .map(|m| m.id.to_string())
            .collect()
    }

    #[test]
    fn a_filter_describes_what_it_does_beyond_the_default() {
        let name = |c: &str| {
            if c == "CH" {
                "Switzerland".to_owned()
            } else {
                c.to_owned()
            }
        };
        assert!(Filter::default().describe(&name).is_empty());
        let mut f = Filter {
            text: " geneva ".into(),
            ..Filter::default()
        };
        f.senders.insert("Norway".into());
        f.senders.insert("Sweden".into());
        f.countries.insert("CH".into());
        f.hidden_states.insert(TimelineState::Closing);
        f.hidden_states.remove(&TimelineState::Closed);
        f.hidden_kinds.insert(MissionKind::Consulate);
        f.hidden_regions.insert(Region::Africa);
        f.show_inbound = false;
        assert_eq!(
            f.describe(&name),
            [
                "search \u{201c}geneva\u{201d}",
                "sending states: Norway, Sweden",
                "host countries: Switzerland",
                "not shown: closing this year",
                "also shown: closed earlier",
                "types not shown: Consulate",
                "regions not shown: Africa",
                "foreign missions in the focus state not shown",
            ]
        );
    }

    #[test]
    fn default_shows_open_closing_and_unknown() {
        let ds = load_embedded().expect("data");
        let f = Filter::default();
        let shown = ds.missions.iter().filter(|m| f.matches(m, 2023)).count();
        let expected = ds
            .missions
            .iter()
            .filter(|m| {
                matches!(
                    state_at(m, 2023),
                    TimelineState::Open
                        | TimelineState::Closing
                        | TimelineState::ClosedYearUnknown
                        | TimelineState::MayBeOpen
                )
            })
            .count();
        assert_eq!(shown, expected);
        assert!(f.is_default());
    }

    #[test]
    fn text_search_is_accent_and_case_insensitive() {
        let f = Filter {
            text: "yaounde".into(),
            hidden_states: BTreeSet::new(),
            ..Filter::default()
        };
        assert_eq!(visible(&f, 1990), ["cm-yaounde-embassy"]);
        let f = Filter {
            text: "protecting power".into(),
            ..Filter::default()
        };
        assert_eq!(visible(&f, 2026), ["kp-pyongyang-embassy-se"]);
    }

    #[test]
    fn facets_combine() {
        let f = Filter {
            countries: ["CN".to_owned()].into_iter().collect(),
            hidden_kinds: [MissionKind::Embassy].into_iter().collect(),
            ..Filter::default()
        };
        let mut v = visible(&f, 2026);
        v.sort();
        assert_eq!(
            v,
            [
                "cn-dandong-consular-office",
                "cn-shenyang-consulate-general"
            ]
        );
        let f = Filter {
            hidden_organizations: [BILATERAL.to_owned()].into_iter().collect(),
            ..Filter::default()
        };
        // The three permanent missions, the only ones serving an organisation.
        assert_eq!(
            visible(&f, 2026),
            [
                "us-new-york-city-permanent-mission-united-nations",
                "ch-geneva-permanent-mission-united-nations",
                "fr-paris-permanent-mission-unesco"
            ]
        );
        let f = Filter {
            show_inbound: false,
            text: "pyongyang".into(),
            ..Filter::default()
        };
        assert!(visible(&f, 2026).is_empty());
    }

    #[test]
    fn skipping_a_facet_ignores_only_that_facet() {
        let ds = load_embedded().expect("data");
        let f = Filter {
            hidden_regions: [Region::Europe].into_iter().collect(),
            ..Filter::default()
        };
        let europe: Vec<_> = ds
            .missions
            .iter()
            .filter(|m| m.region == Region::Europe)
            .collect();
        assert!(europe.iter().all(|m| !f.matches(m, 2026)));
        assert!(europe.iter().any(|m| f.matches_except(
            m,
            2026,
            Some(Facet::Region),
            &mut TextMatcher::new("")
        )));
    }

    #[test]
    fn names_are_picked_by_name_code_or_alias_with_a_hint_on_a_typo() {
        let gaz = crate::gazetteer::Gazetteer::embedded();
        let known = ["North Korea", "Sweden", "China"];
        let asked = |a: &[&str]| {
            pick_names(
                "sending state",
                &a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
                &known,
                gaz,
            )
        };
        assert_eq!(
            asked(&["sweden", "KP", "DPRK", "CN"]),
            Ok(vec![
                "Sweden".to_owned(),
                "North Korea".to_owned(),
                "China".to_owned()
            ])
        );
        let err = asked(&["Swedn", "Atlantis"]).unwrap_err();
        assert_eq!(err.len(), 2);
        assert!(err[0].contains("did you mean \"Sweden\""), "{err:?}");
        assert!(
            err[1].contains("unknown sending state \"Atlantis\""),
            "{err:?}"
        );
    }
}
