//! Who a sending state is, and what counts: the committed table of senders that are not
//! simply states (`data/senders/senders.tsv`: ministries folded into their state,
//! sub-state governments, states with limited recognition, organisations), the groups of
//! mission types indexes of diplomatic networks count (Lowy's Global Diplomacy Index:
//! embassies, high commissions, consulates general, consulates, permanent missions and
//! representative offices; no honorary posts, no trade offices), and the sovereign states
//! a network can cover (the UN's members, the Holy See and the State of Palestine).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{Mission, MissionKind};
use crate::text::fold;

/// What kind of entity a sender is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SenderClass {
    State,
    /// A state with limited recognition (Kosovo, Taiwan, the State of Palestine…): ranked
    /// among states, and marked so wherever it is named.
    LimitedRecognition,
    /// The government of a part of a state (Quebec, Saxony, Hong Kong).
    SubState,
    /// A state in free association with another (the Cook Islands, Niue).
    Associated,
    /// An international organisation or one of its bodies.
    Organisation,
    /// Anything else that sends missions (the Sovereign Military Order of Malta, a
    /// government in exile).
    Other,
}

impl SenderClass {
    pub const ALL: [SenderClass; 6] = [
        SenderClass::State,
        SenderClass::LimitedRecognition,
        SenderClass::SubState,
        SenderClass::Associated,
        SenderClass::Organisation,
        SenderClass::Other,
    ];

    /// Its word in the table and in `stats`' `sender_class` column.
    pub fn as_str(self) -> &'static str {
        match self {
            SenderClass::State => "state",
            SenderClass::LimitedRecognition => "limited",
            SenderClass::SubState => "sub-state",
            SenderClass::Associated => "associated",
            SenderClass::Organisation => "organisation",
            SenderClass::Other => "other",
        }
    }

    /// For people: "state with limited recognition".
    pub fn label(self) -> &'static str {
        match self {
            SenderClass::State => "state",
            SenderClass::LimitedRecognition => "state with limited recognition",
            SenderClass::SubState => "sub-state government",
            SenderClass::Associated => "state in free association",
            SenderClass::Organisation => "international organisation",
            SenderClass::Other => "not a state",
        }
    }

    /// For lists: "limited recognition".
    pub fn short(self) -> &'static str {
        match self {
            SenderClass::State => "state",
            SenderClass::LimitedRecognition => "limited recognition",
            SenderClass::SubState => "sub-state",
            SenderClass::Associated => "associated state",
            SenderClass::Organisation => "organisation",
            SenderClass::Other => "not a state",
        }
    }

    fn parse(s: &str) -> Option<SenderClass> {
        SenderClass::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Ranked among sending states without being asked for: states, and states with
    /// limited recognition.
    pub fn ranked_by_default(self) -> bool {
        matches!(self, SenderClass::State | SenderClass::LimitedRecognition)
    }
}

/// One row of the senders table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderInfo {
    pub class: SenderClass,
    /// The name people use, which a sender named otherwise (its ministry, an older name)
    /// is shown and counted as.
    pub shown: String,
}

/// The committed table, as text.
pub const TABLE: &str = include_str!("../../../data/senders/senders.tsv");

/// The table read, by folded name. (A row that does not read is left out, and a test
/// holds that none is.)
fn table() -> &'static HashMap<String, SenderInfo> {
    static T: OnceLock<HashMap<String, SenderInfo>> = OnceLock::new();
    T.get_or_init(|| read_table(TABLE).0)
}

/// Reads the table; the lines it could not read are given back.
fn read_table(text: &str) -> (HashMap<String, SenderInfo>, Vec<usize>) {
    let mut out = HashMap::new();
    let mut bad = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        match (
            f.first(),
            f.get(1).and_then(|c| SenderClass::parse(c)),
            f.get(2),
        ) {
            (Some(name), Some(class), Some(shown)) if !name.is_empty() && !shown.is_empty() => {
                out.insert(
                    fold(name),
                    SenderInfo {
                        class,
                        shown: (*shown).to_owned(),
                    },
                );
            }
            _ => bad.push(n + 1),
        }
    }
    (out, bad)
}

/// What the table says of a sender named `name`; `None` for a plain state (or a name it
/// does not list).
pub fn lookup(name: &str) -> Option<&'static SenderInfo> {
    table().get(&fold(name))
}

/// The name a sender named `name` is shown and counted as (a ministry as its state).
pub fn shown_name(name: &str) -> &str {
    lookup(name).map_or(name, |i| i.shown.as_str())
}

/// `name` with its class after it where it is not simply a state ("Kosovo (limited
/// recognition)"): how lists and facets name a sender or a host.
pub fn marked(name: &str) -> std::borrow::Cow<'_, str> {
    match class_of(name) {
        SenderClass::State => std::borrow::Cow::Borrowed(name),
        c => std::borrow::Cow::Owned(format!("{name} ({})", c.short())),
    }
}

/// The class of a sender named `name` (a state unless the table says otherwise).
pub fn class_of(name: &str) -> SenderClass {
    lookup(name).map_or(SenderClass::State, |i| i.class)
}

/// How indexes of diplomatic networks group the types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KindGroup {
    /// Embassies, high commissions, nunciatures, permanent missions, de facto embassies,
    /// interests sections, representative offices.
    Diplomatic,
    /// Consulates general, consulates, consular offices and agencies.
    Consular,
    /// Honorary consulates.
    Honorary,
    /// Trade offices and what no type names.
    Other,
}

impl KindGroup {
    pub const ALL: [KindGroup; 4] = [
        KindGroup::Diplomatic,
        KindGroup::Consular,
        KindGroup::Honorary,
        KindGroup::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            KindGroup::Diplomatic => "Diplomatic",
            KindGroup::Consular => "Consular",
            KindGroup::Honorary => "Honorary",
            KindGroup::Other => "Other",
        }
    }

    /// Counted in a network's size by default (Lowy's definition): diplomatic and
    /// consular posts.
    pub fn counted_by_default(self) -> bool {
        matches!(self, KindGroup::Diplomatic | KindGroup::Consular)
    }

    /// The group of a type.
    pub fn of_kind(k: MissionKind) -> KindGroup {
        match k {
            MissionKind::Embassy
            | MissionKind::HighCommission
            | MissionKind::PermanentMission
            | MissionKind::ApostolicNunciature
            | MissionKind::DeFactoEmbassy
            | MissionKind::InterestsSection
            | MissionKind::RepresentativeOffice => KindGroup::Diplomatic,
            MissionKind::ConsulateGeneral
            | MissionKind::Consulate
            | MissionKind::ConsularOffice
            | MissionKind::DeFactoConsulate => KindGroup::Consular,
            MissionKind::HonoraryConsulate => KindGroup::Honorary,
            MissionKind::Other => KindGroup::Other,
        }
    }

    /// The group of a mission: its type's (a trade office is of the type Other).
    pub fn of(m: &Mission) -> KindGroup {
        KindGroup::of_kind(m.kind)
    }
}

/// A mission to an organisation rather than to the country it stands in: a permanent
/// mission, or one the data names an organisation for. It never counts as a resident
/// mission in its host country.
pub fn to_organisation(m: &Mission) -> bool {
    m.kind == MissionKind::PermanentMission || m.organization.is_some()
}

/// What a network counts (the ranking, the chart's network size, coverage).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(default)]
pub struct Counting {
    /// Honorary posts, trade offices and other posts count too.
    pub all_posts: bool,
    /// Senders that are not states (sub-state governments, organisations…) are ranked.
    pub all_senders: bool,
}

impl Counting {
    /// Whether `m` counts in a network's size.
    pub fn counts(&self, m: &Mission) -> bool {
        self.all_posts || KindGroup::of(m).counted_by_default()
    }

    /// Whether a sender of this class is ranked.
    pub fn ranks(&self, class: SenderClass) -> bool {
        self.all_senders || class.ranked_by_default()
    }
}

/// The states a network can cover, by ISO code: the members of the state system in
/// 2016 (the Correlates of War list, which holds every member of the United Nations)
/// without Kosovo and Taiwan, with the Holy See and the State of Palestine (observers at
/// the UN): 195.
pub fn is_sovereign(iso: &str) -> bool {
    static S: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    S.get_or_init(|| {
        let mut s: std::collections::HashSet<String> = crate::evidence::Evidence::embedded()
            .members_at_end()
            .into_iter()
            .filter(|c| c != "TW" && c != "XK")
            .collect();
        s.insert("VA".to_owned());
        s.insert("PS".to_owned());
        s
    })
    .contains(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_whole_and_says_who_is_what() {
        let (rows, bad) = read_table(TABLE);
        assert!(bad.is_empty(), "lines not read: {bad:?}");
        assert!(rows.len() >= 30);
        assert_eq!(class_of("Quebec"), SenderClass::SubState);
        assert_eq!(class_of("saxony"), SenderClass::SubState);
        assert_eq!(class_of("Kosovo"), SenderClass::LimitedRecognition);
        assert_eq!(class_of("France"), SenderClass::State);
        let rwanda =
            lookup("Ministry of Foreign Affairs and Cooperation of the Republic of Rwanda");
        assert_eq!(rwanda.map(|r| r.shown.as_str()), Some("Rwanda"));
        assert_eq!(
            lookup("Palestinian Territory").map(|r| (r.class, r.shown.as_str())),
            Some((SenderClass::LimitedRecognition, "State of Palestine"))
        );
        // A name shown for another is a row of its own, of the same class.
        for (name, info) in &rows {
            let own = rows
                .get(&fold(&info.shown))
                .map_or(SenderClass::State, |i| i.class);
            assert_eq!(own, info.class, "{name} is shown as {}", info.shown);
        }
        assert_eq!(
            class_of(shown_name("Government of New Mexico")),
            SenderClass::SubState
        );
        let c = Counting::default();
        assert!(c.ranks(SenderClass::LimitedRecognition) && !c.ranks(SenderClass::SubState));
    }

    #[test]
    fn the_groups_are_the_indexes_and_195_states_can_be_covered() {
        use MissionKind::*;
        let g = |k| KindGroup::of_kind(k);
        assert_eq!(
            [
                Embassy,
                PermanentMission,
                ConsulateGeneral,
                HonoraryConsulate,
                Other
            ]
            .map(g),
            [
                KindGroup::Diplomatic,
                KindGroup::Diplomatic,
                KindGroup::Consular,
                KindGroup::Honorary,
                KindGroup::Other
            ]
        );
        let counted = MissionKind::ALL
            .into_iter()
            .filter(|&k| g(k).counted_by_default())
            .count();
        assert_eq!(counted, 11);
        let n = crate::evidence::Evidence::embedded()
            .members_at_end()
            .iter()
            .filter(|c| is_sovereign(c))
            .count();
        assert_eq!(n + 2, 195, "the members but two, and two observers");
        assert!(is_sovereign("VA") && is_sovereign("PS") && is_sovereign("CH"));
        assert!(!is_sovereign("TW") && !is_sovereign("XK") && !is_sovereign("HK"));
    }
}
