//! The data model: a diplomatic mission and the words it is described with.
//!
//! Nothing here knows about egui; everything is plain data that the loader, the exporters,
//! the filters and the timeline share.

use std::fmt;

use geo_types::Point;
use serde::{Deserialize, Serialize};

/// The type of a mission. The list's words and Wikidata's map onto these; a source's own
/// word that is no type's name ("Chongryon") is kept beside it ([`Extra::word`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MissionKind {
    #[serde(rename = "Embassy")]
    Embassy,
    /// An embassy between Commonwealth members.
    #[serde(rename = "High Commission")]
    HighCommission,
    #[serde(rename = "Consulate General")]
    ConsulateGeneral,
    #[serde(rename = "Consulate")]
    Consulate,
    #[serde(rename = "Honorary Consulate")]
    HonoraryConsulate,
    /// A consular office or agency.
    #[serde(rename = "Consular Office")]
    ConsularOffice,
    /// A permanent mission to an international organisation.
    #[serde(rename = "Permanent Mission")]
    PermanentMission,
    /// The Holy See's embassy (nunciature) or its envoy where it has no relations
    /// (apostolic delegation).
    #[serde(rename = "Apostolic Nunciature")]
    ApostolicNunciature,
    /// Representation without diplomatic relations (Taipei's offices; Chongryon in Tokyo).
    #[serde(rename = "De Facto Embassy")]
    DeFactoEmbassy,
    #[serde(rename = "De Facto Consulate")]
    DeFactoConsulate,
    /// A section in another state's embassy, under a protecting power.
    #[serde(rename = "Interests Section")]
    InterestsSection,
    /// A liaison or representative office (a trade office is Other).
    #[serde(rename = "Representative Office")]
    RepresentativeOffice,
    #[serde(rename = "Other")]
    Other,
}

impl MissionKind {
    pub const ALL: [MissionKind; 13] = [
        MissionKind::Embassy,
        MissionKind::HighCommission,
        MissionKind::ConsulateGeneral,
        MissionKind::Consulate,
        MissionKind::HonoraryConsulate,
        MissionKind::ConsularOffice,
        MissionKind::PermanentMission,
        MissionKind::ApostolicNunciature,
        MissionKind::DeFactoEmbassy,
        MissionKind::DeFactoConsulate,
        MissionKind::InterestsSection,
        MissionKind::RepresentativeOffice,
        MissionKind::Other,
    ];

    /// The type's name, as data files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            MissionKind::Embassy => "Embassy",
            MissionKind::HighCommission => "High Commission",
            MissionKind::ConsulateGeneral => "Consulate General",
            MissionKind::Consulate => "Consulate",
            MissionKind::HonoraryConsulate => "Honorary Consulate",
            MissionKind::ConsularOffice => "Consular Office",
            MissionKind::PermanentMission => "Permanent Mission",
            MissionKind::ApostolicNunciature => "Apostolic Nunciature",
            MissionKind::DeFactoEmbassy => "De Facto Embassy",
            MissionKind::DeFactoConsulate => "De Facto Consulate",
            MissionKind::InterestsSection => "Interests Section",
            MissionKind::RepresentativeOffice => "Representative Office",
            MissionKind::Other => "Other",
        }
    }

    /// A label for people (the filter panel, the legend).
    pub fn label(self) -> &'static str {
        self.as_str()
    }

    /// Other words for a type, folded: the list's, Wikidata's (as the snapshot spells them).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            MissionKind::Embassy => &["diplomatic mission", "embassy of the united states"],
            MissionKind::HighCommission => &[
                "british high commission",
                "australian high commission",
                "assistant high commission",
            ],
            MissionKind::ConsulateGeneral => &[
                "consulate general of sweden",
                "consulate general of belgium",
            ],
            MissionKind::Consulate => &["consulates of sweden"],
            MissionKind::ConsularOffice => &["consular agency"],
            MissionKind::ApostolicNunciature => &["apostolic delegation"],
            MissionKind::DeFactoEmbassy => &[
                "chongryon",
                "de facto",
                "defacto",
                "taipei representative office",
            ],
            MissionKind::RepresentativeOffice => &["liaison office", "quebec government office"],
            // A trade office is no diplomatic post (indexes of networks leave it out).
            MissionKind::Other => &["trade office"],
            _ => &[],
        }
    }

    /// The list's short form of the longer type names ("Consulate gen."); none for the
    /// short ones, which the list writes as the mission's own word.
    pub fn short_word(self) -> Option<&'static str> {
        Some(match self {
            MissionKind::ConsulateGeneral => "Consulate gen.",
            MissionKind::ConsularOffice => "Consular office",
            MissionKind::PermanentMission => "Perm. mission",
            MissionKind::HonoraryConsulate => "Hon. consulate",
            MissionKind::ApostolicNunciature => "Nunciature",
            MissionKind::DeFactoEmbassy | MissionKind::DeFactoConsulate => "De facto",
            MissionKind::InterestsSection => "Interests sect.",
            MissionKind::RepresentativeOffice => "Rep. office",
            _ => return None,
        })
    }

    /// Parses a type's name or one of its other words, case-, accent- and
    /// space-insensitively ("embassy", "Chongryon", "Apostolic delegation").
    pub fn parse(s: &str) -> Option<MissionKind> {
        if let Some(k) = MissionKind::ALL.into_iter().find(|k| k.as_str() == s) {
            return Some(k);
        }
        let key = crate::text::fold(s);
        MissionKind::ALL
            .into_iter()
            .find(|k| crate::text::fold(k.as_str()) == key || k.synonyms().contains(&key.as_str()))
    }

    /// Whether `word` is this type's own name (then no word needs keeping beside it).
    pub fn is_own_name(self, word: &str) -> bool {
        crate::text::fold(word) == crate::text::fold(self.as_str())
    }
}

impl fmt::Display for MissionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// World regions as the source groups its tables, plus missions to organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Region {
    Africa,
    Americas,
    Asia,
    Europe,
    Oceania,
    Multilateral,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::Africa,
        Region::Americas,
        Region::Asia,
        Region::Europe,
        Region::Oceania,
        Region::Multilateral,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::Africa => "Africa",
            Region::Americas => "Americas",
            Region::Asia => "Asia",
            Region::Europe => "Europe",
            Region::Oceania => "Oceania",
            Region::Multilateral => "Multilateral",
        }
    }

    pub fn parse(s: &str) -> Option<Region> {
        if let Some(r) = Region::ALL.into_iter().find(|r| r.as_str() == s) {
            return Some(r);
        }
        let key = crate::text::fold(s);
        Region::ALL
            .into_iter()
            .find(|r| crate::text::fold(r.as_str()) == key)
    }

    /// The region of a GeoNames continent code (AF, AS, EU, NA, OC, SA, AN).
    pub fn from_continent(code: &str) -> Option<Region> {
        match code {
            "AF" => Some(Region::Africa),
            "AS" => Some(Region::Asia),
            "EU" => Some(Region::Europe),
            "NA" | "SA" => Some(Region::Americas),
            "OC" => Some(Region::Oceania),
            _ => None,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether and when a mission closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Closure {
    /// Still open.
    #[default]
    Open,
    /// Closed in this year.
    InYear(i32),
    /// Known to be closed, year not known. Never given an invented year.
    YearUnknown,
}

impl Closure {
    /// The word data files and tables write for a closure whose year is not known.
    pub const UNKNOWN_WORD: &'static str = "unknown";

    /// Whether `s` is [`Closure::UNKNOWN_WORD`] (in any case, accents and spacing aside).
    pub fn is_unknown_word(s: &str) -> bool {
        crate::text::fold(s) == Self::UNKNOWN_WORD
    }

    /// Why a mission that opened in `opened` cannot close so: it closed before it opened.
    pub fn before_opening(self, opened: Option<i32>) -> Option<String> {
        match (opened, self.year()) {
            (Some(o), Some(c)) if c < o => Some(format!("closed in {c}, before it opened in {o}")),
            _ => None,
        }
    }

    pub fn is_closed(self) -> bool {
        !matches!(self, Closure::Open)
    }

    pub fn year(self) -> Option<i32> {
        match self {
            Closure::InYear(y) => Some(y),
            _ => None,
        }
    }
}

/// How exact a mission's coordinates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// The centre of the host city, from the gazetteer.
    #[default]
    City,
    /// The building itself.
    Building,
    /// Only the host country is known: its capital stands in.
    Country,
}

impl Precision {
    pub const ALL: [Precision; 3] = [Precision::City, Precision::Building, Precision::Country];

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::City => "city",
            Precision::Building => "building",
            Precision::Country => "country",
        }
    }

    /// Its word, as [`Precision::as_str`] writes it, any case.
    pub fn parse(s: &str) -> Option<Precision> {
        let s = s.trim();
        Precision::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
    }
}

/// Facts some missions have beyond the list's: where Wikidata (or the user's data) gives
/// them. Kept apart, and absent for most missions, so that a million plain missions stay
/// small.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extra {
    /// The source's own word for the type when it is not the type's name ("Chongryon").
    pub word: Option<Text>,
    /// The countries the mission is accredited to (by name), the host among them.
    pub accredited_to: Vec<Text>,
    /// The mission's Wikidata item ("Q106450319").
    pub wikidata: Option<Text>,
    pub address: Option<String>,
    pub website: Option<String>,
    /// Short notes, in our own words.
    pub notes: String,
    /// Reference numbers of the source list, e.g. `[38] [39]` → `[38, 39]`.
    pub refs: Vec<u32>,
    /// Years it stood closed between two periods of operation, in order (Canberra:
    /// closed 1975, reopened 2002), where a source records them.
    pub breaks: Vec<crate::timeline::Break>,
    /// The source's own name for the sender where it is not the state's (its ministry:
    /// "Ministry of Foreign Affairs and Cooperation of the Republic of Rwanda").
    pub sender_word: Option<Text>,
}

impl Extra {
    pub fn is_empty(&self) -> bool {
        // Field by field (every field named, so a new one cannot be forgotten): comparing
        // with a default `Extra` costs a string comparison per mission made.
        let Extra {
            word,
            accredited_to,
            wikidata,
            address,
            website,
            notes,
            refs,
            breaks,
            sender_word,
        } = self;
        word.is_none()
            && accredited_to.is_empty()
            && wikidata.is_none()
            && address.is_none()
            && website.is_none()
            && notes.is_empty()
            && refs.is_empty()
            && breaks.is_empty()
            && sender_word.is_none()
    }

    /// The facts as a mission keeps them: none when empty.
    pub fn boxed(self) -> Option<Box<Extra>> {
        (!self.is_empty()).then(|| Box::new(self))
    }
}

/// Why `q` is no Wikidata item ("Q" and a number), if it is not: the rule for data files
/// and tables alike.
pub fn wikidata_problem(q: &str) -> Option<String> {
    let ok = q.len() > 1 && q.starts_with('Q') && q.bytes().skip(1).all(|b| b.is_ascii_digit());
    (!ok).then(|| format!("\"{q}\" is not a Wikidata item (Q and a number, e.g. \"Q106450319\")"))
}

/// Whether `code` is an ISO 3166 alpha-2 code as data files write it: two capital letters.
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Why `w` is no web address (http:// or https://), if it is not.
pub fn website_problem(w: &str) -> Option<String> {
    web_address(w)
        .is_none()
        .then(|| format!("\"{w}\" is not a web address (http:// or https:// and a host)"))
}

/// `w` as a web address, when it is one: parsed as a browser parses it, of the scheme
/// http or https, with a host, and holding no space or control character (which a parser
/// would drop or encode, so that what is shown is not what is opened). The one test for
/// a link, at load and again at click.
pub fn web_address(w: &str) -> Option<url::Url> {
    if w.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let u = url::Url::parse(w).ok()?;
    let host = u.host_str().is_some_and(|h| !h.is_empty());
    (matches!(u.scheme(), "http" | "https") && host).then_some(u)
}

/// Text shared between missions: countries, cities and organisations repeat thousands of
/// times in a large data set, and each is stored once. A thin pointer (8 bytes, where an
/// `Arc<str>` takes 16): a mission holds five of them. A text of up to 23 bytes (most
/// names) lies beside its count, so reading it after the count (the loader's sharing
/// does, a million times) touches one place in memory, not two.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text(std::sync::Arc<smol_str::SmolStr>);

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

// Hash and Eq are str's (through Arc and SmolStr), so a set of texts is looked up by
// `&str`.
impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl Text {
    /// Its shared allocation's address: equal for the clones of one text (a cheap key
    /// where texts are known to be shared, as interned reasons are).
    pub fn addr(&self) -> usize {
        std::sync::Arc::as_ptr(&self.0) as usize
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(std::sync::Arc::new(smol_str::SmolStr::new(s)))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(std::sync::Arc::new(smol_str::SmolStr::from(s)))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::from(s.as_str())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

/// One diplomatic mission.
#[derive(Debug, Clone, PartialEq)]
pub struct Mission {
    /// Stable identifier, unique in a data set (e.g. `es-madrid-embassy`). Kept in place
    /// up to 23 bytes (most ids), so a million missions make no million small allocations.
    pub id: smol_str::SmolStr,
    /// The state the mission represents ("North Korea" for outbound missions).
    pub sending_state: Text,
    /// The host country's common English name.
    pub country: Text,
    /// ISO 3166-1 alpha-2 code of the host country.
    pub country_code: Text,
    pub city: Text,
    pub kind: MissionKind,
    /// For missions to international organisations (United Nations, UNESCO).
    pub organization: Option<Text>,
    pub region: Region,
    pub opened: Option<i32>,
    pub closure: Closure,
    /// Longitude (x) and latitude (y), WGS 84.
    pub location: Point<f64>,
    pub precision: Precision,
    /// A foreign mission in the data set's focus state (Sweden's embassy in Pyongyang):
    /// derived from [`Dataset::focus`] by [`Dataset::derive_inbound`].
    pub inbound: bool,
    /// Further facts (notes and references among them), when there are any: kept apart
    /// so that a million plain missions stay small.
    pub extra: Option<Box<Extra>>,
    /// What bounds its unrecorded dates, with the reasons ([`crate::evidence`]): shared
    /// by the missions the same evidence bounds alike.
    pub bounds: Option<std::sync::Arc<crate::timeline::TimeBounds>>,
}

impl Mission {
    pub fn lat(&self) -> f64 {
        self.location.y()
    }

    pub fn lon(&self) -> f64 {
        self.location.x()
    }

    /// The word for the mission's type: the source's own ("Chongryon"), or the type's name.
    pub fn kind_word(&self) -> &str {
        self.extra
            .as_ref()
            .and_then(|e| e.word.as_deref())
            .unwrap_or(self.kind.label())
    }

    /// The word the list's Type column shows: a short form of the longer names
    /// ([`MissionKind::short_word`]), else [`Mission::kind_word`]. The list sorts by it.
    pub fn short_kind_word(&self) -> &str {
        self.kind.short_word().unwrap_or_else(|| self.kind_word())
    }

    /// The further facts (empty for most missions).
    pub fn extra(&self) -> &Extra {
        static NONE: std::sync::OnceLock<Extra> = std::sync::OnceLock::new();
        self.extra
            .as_deref()
            .unwrap_or_else(|| NONE.get_or_init(Extra::default))
    }

    /// The further facts, to change: made when there are none, dropped again by
    /// [`Mission::tidy_extra`] when left empty.
    pub fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// Drops the further facts when none is left.
    pub fn tidy_extra(&mut self) {
        if self.extra.as_deref().is_some_and(Extra::is_empty) {
            self.extra = None;
        }
    }

    /// What bounds its unrecorded dates, when anything does.
    /// Its recorded breaks (none for most missions).
    pub fn breaks(&self) -> &[crate::timeline::Break] {
        self.extra.as_deref().map_or(&[], |e| &e.breaks)
    }

    /// The year it first closed: its first break's, else its recorded closure's.
    pub fn first_closure(&self) -> Option<i32> {
        crate::timeline::Periods::of_mission(self).closures().next()
    }

    pub fn bounds(&self) -> Option<&crate::timeline::TimeBounds> {
        self.bounds.as_deref()
    }

    /// Short notes, in our own words ("" when none).
    pub fn notes(&self) -> &str {
        &self.extra().notes
    }

    /// Reference numbers of the source list.
    pub fn refs(&self) -> &[u32] {
        &self.extra().refs
    }

    /// Sets the notes (an empty text is none).
    pub fn set_notes(&mut self, notes: String) {
        self.extra_mut().notes = notes;
        self.tidy_extra();
    }

    /// Sets the references.
    pub fn set_refs(&mut self, refs: Vec<u32>) {
        self.extra_mut().refs = refs;
        self.tidy_extra();
    }

    /// A one-line name for lists and tooltips: "Embassy in Madrid, Spain".
    pub fn title(&self) -> String {
        let kind = self.kind_word();
        let title = match &self.organization {
            Some(org) => format!("{kind} to {org} in {}, {}", self.city, self.country),
            None if self.inbound => format!(
                "{kind} of {} in {}, {}",
                self.sending_state, self.city, self.country
            ),
            None => format!("{kind} in {}, {}", self.city, self.country),
        };
        // Shown and printed: text from files with its control characters escaped.
        crate::text::printable(&title).into_owned()
    }
}

/// A mission id's hash, for finding repeated ids fast.
pub fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(id)
}

/// Whether no two of the hashes are the same (then no two of their ids are): sorted,
/// neighbours compared, which a million takes some 20 ms for.
pub fn distinct_hashes(mut hashes: Vec<u64>) -> bool {
    hashes.sort_unstable();
    !hashes.windows(2).any(|w| w.first() == w.get(1))
}

/// Makes the missions' ids unique, in order: a repeat of an id gets -2, -3… The next
/// number per id is remembered, so a million identical ids take a million steps, not a
/// million squared.
pub fn make_ids_unique(missions: &mut [Mission]) {
    // Most data sets have no repeat: distinct hashes prove it, in 8 bytes per mission
    // instead of a copy of every id.
    if distinct_hashes(missions.iter().map(|m| id_hash(&m.id)).collect()) {
        return;
    }
    let mut ids = std::collections::HashSet::new();
    let mut next: std::collections::HashMap<smol_str::SmolStr, usize> = Default::default();
    for m in missions {
        let base = m.id.clone();
        while !ids.insert(m.id.clone()) {
            let n = next.entry(base.clone()).or_insert(2);
            m.id = format!("{base}-{n}").into();
            *n += 1;
        }
    }
}

/// A loaded data set: its metadata and its missions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// Shown in the window title.
    pub name: String,
    /// Where the facts come from and under which licence, for the About window.
    pub source: String,
    /// The state whose network the data set shows ("North Korea"), if it has one: the
    /// missions other states have there are its inbound layer.
    pub focus: Option<Text>,
    /// The data set's date: the last year its source reports. After it, what the set
    /// shows open is only known to have been open then ([`crate::timeline::TimeBounds`]).
    pub as_of: Option<AsOf>,
    pub missions: Vec<Mission>,
}

/// A data set's date and what it is ("the list reports events up to 2024").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsOf {
    pub year: i32,
    /// Says what the year is, in a few words, for the details and the summary.
    pub note: String,
}

impl AsOf {
    /// The note shown for a data set's date that its file gives without one.
    pub const DEFAULT_NOTE: &'static str = "the data set's date";
}

impl Dataset {
    /// What a loaded data set derives from its facts: its inbound layer and the bounds of
    /// its missions' unrecorded dates ([`crate::evidence::derive_bounds`]). The one call
    /// every reader makes once its missions are read.
    pub fn derive(&mut self) {
        self.derive_inbound();
        crate::evidence::derive_bounds(self);
    }

    /// Marks the inbound layer: the missions hosted in the focus state by other states.
    /// The one rule for [`Mission::inbound`], which data files do not state.
    pub fn derive_inbound(&mut self) {
        let focus = self.focus.clone();
        for m in &mut self.missions {
            m.inbound = focus
                .as_deref()
                .is_some_and(|f| &*m.country == f && &*m.sending_state != f);
        }
    }
}
