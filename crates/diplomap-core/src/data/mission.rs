//! One mission object of a data file: its fields checked one by one, each problem naming
//! the line of the field.

use super::*;

pub(super) struct MissionCtx<'a> {
    pub(super) file: &'a str,
    /// The mission object's own text.
    pub(super) text: &'a str,
    /// The line it starts on.
    pub(super) line: usize,
}

impl MissionCtx<'_> {
    pub(super) fn line_of_field(&self, field: &str) -> usize {
        let off = find_key(self.text, 0, field).unwrap_or(0);
        let before = self.text.get(..off).unwrap_or_default();
        self.line + before.bytes().filter(|&b| b == b'\n').count()
    }

    pub(super) fn problem(&self, field: &str, message: impl Into<String>) -> Problem {
        Problem::new(self.file, self.line_of_field(field), Some(field), message)
    }
}

/// A mission object's fields, by their place in [`FIELDS`], and the names of any others.
/// Read straight from the text: no map of keys is built for each mission.
pub(super) struct MissionObject {
    pub(super) slots: [Option<Value>; FIELDS.len()],
    pub(super) unknown: Vec<String>,
}

impl MissionObject {
    pub(super) fn get(&self, key: &str) -> Option<&Value> {
        let i = FIELDS.iter().position(|f| *f == key)?;
        self.slots.get(i)?.as_ref()
    }
}

impl<'de> serde::Deserialize<'de> for MissionObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// A field name: its place in `FIELDS`, or the name itself when unknown.
        struct Key(Result<usize, String>);
        impl<'de> serde::Deserialize<'de> for Key {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = Key;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key, E> {
                        Ok(Key(FIELDS.iter().position(|f| *f == v).ok_or(v.to_owned())))
                    }
                }
                d.deserialize_str(V)
            }
        }
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = MissionObject;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mission object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<MissionObject, A::Error> {
                let mut o = MissionObject {
                    slots: Default::default(),
                    unknown: Vec::new(),
                };
                while let Some(Key(k)) = map.next_key::<Key>()? {
                    match k {
                        Ok(i) => {
                            let v = map.next_value::<Value>()?;
                            if let Some(slot) = o.slots.get_mut(i) {
                                *slot = Some(v);
                            }
                        }
                        Err(name) => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            o.unknown.push(name);
                        }
                    }
                }
                Ok(o)
            }
        }
        d.deserialize_map(V)
    }
}

/// How far from zero a latitude and a longitude may be, in degrees.
pub(super) const LAT_LIMIT: f64 = 90.0;
pub(super) const LON_LIMIT: f64 = 180.0;

/// Whether `x` is a coordinate within ±`limit` degrees.
pub(super) fn coordinate_ok(x: f64, limit: f64) -> bool {
    x.is_finite() && x.abs() <= limit
}

pub(super) fn parse_mission(
    ctx: &MissionCtx<'_>,
    interner: &mut Interner,
) -> Result<Mission, Vec<Problem>> {
    let obj: MissionObject = if ctx.text.trim_start().starts_with('{') {
        match serde_json::from_str::<MissionObject>(ctx.text) {
            Ok(o) => o,
            Err(e) => {
                return Err(vec![Problem::new(
                    ctx.file,
                    ctx.line + e.line().saturating_sub(1),
                    None,
                    format!("not valid JSON: {}", json_message(&e)),
                )]);
            }
        }
    } else {
        let found = serde_json::from_str::<Value>(ctx.text)
            .map_or("something that is not JSON", |v| kind_of(&v));
        return Err(vec![Problem::new(
            ctx.file,
            ctx.line,
            None,
            format!("expected a mission object, found {found}"),
        )]);
    };
    let mut p = Vec::new();
    for key in &obj.unknown {
        p.push(ctx.problem(key, unknown_field_message(key, &FIELDS)));
    }
    let f = Fields { ctx, obj: &obj };

    let id = f.required_text("id", &mut p);
    // Empty when the mission names none: it then takes the file's (see `Loader::finish`).
    let sending_state = f.optional_text("sending_state", &mut p).unwrap_or_default();
    let country = f.required_text("country", &mut p);
    let country_code = f.required_text("country_code", &mut p);
    if !country_code.is_empty() && !crate::model::is_country_code(&country_code) {
        p.push(ctx.problem(
            "country_code",
            format!(
                "\"{country_code}\" is not an ISO 3166 alpha-2 code (two capital letters, e.g. \"ES\")"
            ),
        ));
    }
    let city = f.required_text("city", &mut p);
    let kind_word = f.required_text("mission", &mut p);
    let kind = f.word(
        "mission",
        "mission type",
        &kind_word,
        MissionKind::parse,
        &MissionKind::ALL.map(MissionKind::as_str),
        &mut p,
    );
    let organization = f.optional_text("organization", &mut p);
    let region = f.required_text("region", &mut p);
    let region = f.word(
        "region",
        "region",
        &region,
        Region::parse,
        &Region::ALL.map(Region::as_str),
        &mut p,
    );
    let opened = f.optional_year("opened", &mut p);
    let as_of = f.optional_year("as_of", &mut p);
    let seen_open = f.optional_year("seen_open", &mut p);
    let closure = match obj.get("closed") {
        None | Some(Value::Null) => Closure::Open,
        Some(Value::String(s)) if Closure::is_unknown_word(s) => Closure::YearUnknown,
        Some(v) => match f.year_value("closed", v, &mut p) {
            Some(y) => Closure::InYear(y),
            None => Closure::Open,
        },
    };
    if let Some(why) = closure.before_opening(opened) {
        p.push(ctx.problem("closed", why));
    }
    let breaks = f.breaks(&mut p);
    let sender_word = f.optional_text("sender_word", &mut p);
    if let Some(why) = crate::timeline::Break::problem(opened, closure, &breaks) {
        p.push(ctx.problem("breaks", why));
    }
    let refs = match obj.get("refs") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut refs = Vec::with_capacity(items.len());
            for item in items {
                match item.as_u64().and_then(|n| u32::try_from(n).ok()) {
                    Some(n) if n > 0 => refs.push(n),
                    _ => p.push(ctx.problem(
                        "refs",
                        format!("expected reference numbers like [38, 39], found {item}"),
                    )),
                }
            }
            refs
        }
        Some(other) => {
            p.push(ctx.problem(
                "refs",
                format!(
                    "expected a list of numbers like [38, 39], found {}",
                    kind_of(other)
                ),
            ));
            Vec::new()
        }
    };
    let lat = f.coordinate("lat", LAT_LIMIT, &mut p);
    let lon = f.coordinate("lon", LON_LIMIT, &mut p);
    let precision = match obj.get("precision") {
        None | Some(Value::Null) => Precision::City,
        Some(Value::String(s)) if Precision::ALL.iter().any(|p| p.as_str() == s) => Precision::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .unwrap_or_default(),
        Some(other) => {
            p.push(ctx.problem(
                "precision",
                format!("expected \"city\", \"building\" or \"country\", found {other}"),
            ));
            Precision::City
        }
    };
    let inbound = match obj.get("inbound") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            p.push(ctx.problem("inbound", format!("expected true or false, found {other}")));
            false
        }
    };
    let notes = f.optional_text("notes", &mut p).unwrap_or_default();
    // The source's word, when "mission" names the type and the word is another one.
    let word = f.optional_text("word", &mut p);
    let accredited_to = f.text_list("accredited_to", &mut p);
    let wikidata = f.optional_text("wikidata", &mut p);
    if let Some(why) = wikidata.as_deref().and_then(crate::model::wikidata_problem) {
        p.push(ctx.problem("wikidata", why));
    }
    let address = f.optional_text("address", &mut p);
    let website = f.optional_text("website", &mut p);
    if let Some(why) = website.as_deref().and_then(crate::model::website_problem) {
        p.push(ctx.problem("website", why));
    }
    match (kind, region, lat, lon) {
        (Some(kind), Some(region), Some(lat), Some(lon)) if p.is_empty() => Ok(Parts {
            id: &id,
            sending_state: &sending_state,
            country: &country,
            country_code: &country_code,
            city: &city,
            kind,
            kind_word: &kind_word,
            organization: organization.as_deref(),
            region,
            opened,
            closure,
            lat,
            lon,
            precision,
            inbound,
            notes: &notes,
            word: word.as_deref(),
            accredited_to: accredited_to.iter().map(String::as_str).collect(),
            wikidata: wikidata.as_deref(),
            address: address.as_deref(),
            website: website.as_deref(),
            refs,
            as_of,
            seen_open,
            breaks,
            sender_word: sender_word.as_deref(),
        }
        .mission(interner)),
        _ => Err(p),
    }
}

/// The reason a mission's own date gives.
pub(crate) const OWN_AS_OF: &str = "the date of the mission's source";
/// The reason a year a source shows a mission open gives, where the file names none.
pub(crate) const SEEN_OPEN: &str = "listed as open then by a source of its data set";

/// The time facts a file or a table states for a mission (its own date, a year a source
/// shows it open, with their reasons): none when it states neither.
pub(crate) fn stated_bounds(
    as_of: Option<i32>,
    seen_open: Option<i32>,
    reasons: Option<(&str, &str)>,
) -> Option<std::sync::Arc<crate::timeline::TimeBounds>> {
    use crate::timeline::{Bound, TimeBounds};
    let (a, s) = reasons.unwrap_or((OWN_AS_OF, SEEN_OPEN));
    let b = TimeBounds {
        as_of: as_of.map(|y| Bound::new(y, if a.is_empty() { OWN_AS_OF } else { a })),
        seen_open: seen_open.map(|y| Bound::new(y, if s.is_empty() { SEEN_OPEN } else { s })),
        ..TimeBounds::default()
    };
    (!b.is_empty()).then(|| std::sync::Arc::new(b))
}

/// A mission's facts as a reader found them, checked, its texts not yet shared: the one
/// way both readers (this careful one and `data::fast`) make a [`Mission`], so that they
/// make the same one.
pub(super) struct Parts<'a> {
    pub(super) id: &'a str,
    /// Empty when the mission names none (it then takes the file's).
    pub(super) sending_state: &'a str,
    pub(super) country: &'a str,
    pub(super) country_code: &'a str,
    pub(super) city: &'a str,
    pub(super) kind: MissionKind,
    /// The word the file gave for the type.
    pub(super) kind_word: &'a str,
    pub(super) organization: Option<&'a str>,
    pub(super) region: Region,
    pub(super) opened: Option<i32>,
    pub(super) closure: Closure,
    pub(super) lat: f64,
    pub(super) lon: f64,
    pub(super) precision: Precision,
    pub(super) inbound: bool,
    pub(super) notes: &'a str,
    /// The source's word, when "mission" names the type and the word is another one.
    pub(super) word: Option<&'a str>,
    pub(super) accredited_to: Vec<&'a str>,
    pub(super) wikidata: Option<&'a str>,
    pub(super) address: Option<&'a str>,
    pub(super) website: Option<&'a str>,
    pub(super) refs: Vec<u32>,
    /// The mission's own source's date, where the file gives one.
    pub(super) as_of: Option<i32>,
    /// A year a source shows it open, where the file gives one.
    pub(super) seen_open: Option<i32>,
    /// Its recorded breaks ([`crate::timeline::Break::problem`] found none wrong).
    pub(super) breaks: Vec<crate::timeline::Break>,
    /// The source's own name for the sender, where it is not the state's.
    pub(super) sender_word: Option<&'a str>,
}

impl Parts<'_> {
    pub(super) fn mission(self, interner: &mut Interner) -> Mission {
        // The type's own name needs no word beside it (the plain comparison first: folding
        // costs an allocation, and most missions name their type as we do).
        let own_name =
            self.kind_word == self.kind.as_str() || self.kind.is_own_name(self.kind_word);
        let word = self.word.or((!own_name).then_some(self.kind_word));
        // Most missions have no further fact: then none is made, nor looked at.
        let none = word.is_none()
            && self.accredited_to.is_empty()
            && self.wikidata.is_none()
            && self.address.is_none()
            && self.website.is_none()
            && self.notes.is_empty()
            && self.refs.is_empty()
            && self.breaks.is_empty()
            && self.sender_word.is_none();
        let extra = (!none).then(|| {
            Box::new(Extra {
                word: word.map(|w| interner.get(w)),
                accredited_to: self.accredited_to.iter().map(|c| interner.get(c)).collect(),
                wikidata: self.wikidata.map(|q| interner.get(q)),
                address: self.address.map(str::to_owned),
                website: self.website.map(str::to_owned),
                notes: self.notes.to_owned(),
                refs: self.refs,
                breaks: self.breaks,
                sender_word: self.sender_word.map(|w| interner.get(w)),
            })
        });
        Mission {
            id: self.id.into(),
            sending_state: interner.get(self.sending_state),
            country: interner.get(self.country),
            country_code: interner.get(self.country_code),
            city: interner.get(self.city),
            kind: self.kind,
            organization: self.organization.map(|o| interner.get(o)),
            region: self.region,
            opened: self.opened,
            closure: self.closure,
            location: Point::new(self.lon, self.lat),
            precision: self.precision,
            inbound: self.inbound,
            bounds: stated_bounds(self.as_of, self.seen_open, None),
            extra,
        }
    }
}

pub(super) struct Fields<'a> {
    pub(super) ctx: &'a MissionCtx<'a>,
    pub(super) obj: &'a MissionObject,
}

impl Fields<'_> {
    /// One of a fixed set of words (an empty value was reported as missing already).
    pub(super) fn word<T>(
        &self,
        key: &str,
        what: &str,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
        known: &[&str],
        p: &mut Vec<Problem>,
    ) -> Option<T> {
        if value.is_empty() {
            return None;
        }
        let parsed = parse(value);
        if parsed.is_none() {
            p.push(
                self.ctx
                    .problem(key, text::unknown_word(what, value, known)),
            );
        }
        parsed
    }

    pub(super) fn required_text(&self, key: &str, p: &mut Vec<Problem>) -> String {
        match self.obj.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            Some(Value::String(_)) => {
                p.push(self.ctx.problem(key, "must not be empty"));
                String::new()
            }
            None | Some(Value::Null) => {
                p.push(Problem::new(
                    self.ctx.file,
                    self.ctx.line,
                    Some(key),
                    "missing (every mission needs one)",
                ));
                String::new()
            }
            Some(other) => {
                p.push(
                    self.ctx
                        .problem(key, format!("expected text, found {}", kind_of(other))),
                );
                String::new()
            }
        }
    }

    pub(super) fn optional_text(&self, key: &str, p: &mut Vec<Problem>) -> Option<String> {
        match self.obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(other) => {
                p.push(
                    self.ctx
                        .problem(key, format!("expected text, found {}", kind_of(other))),
                );
                None
            }
        }
    }

    /// A list of texts (`["Austria", "Slovenia"]`); empty when absent.
    pub(super) fn text_list(&self, key: &str, p: &mut Vec<Problem>) -> Vec<String> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item.as_str().map(str::trim) {
                        Some(s) if !s.is_empty() => out.push(s.to_owned()),
                        _ => {
                            p.push(self.ctx.problem(
                                key,
                                format!("expected a list of names, found {item} in it"),
                            ))
                        }
                    }
                }
                out
            }
            Some(other) => {
                p.push(self.ctx.problem(
                    key,
                    format!("expected a list of names, found {}", kind_of(other)),
                ));
                Vec::new()
            }
        }
    }

    /// The breaks, `[{"closed": 1975, "reopened": 2002}]`; none when absent.
    pub(super) fn breaks(&self, p: &mut Vec<Problem>) -> Vec<crate::timeline::Break> {
        const KEY: &str = "breaks";
        const LIKE: &str = "a list like [{\"closed\": 1975, \"reopened\": 2002}]";
        let items = match self.obj.get(KEY) {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                p.push(
                    self.ctx
                        .problem(KEY, format!("expected {LIKE}, found {}", kind_of(other))),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let mut year = |k: &str| item.get(k).map(|v| self.year_value(KEY, v, p));
            let (closed, reopened) = (year("closed"), year("reopened"));
            let fields_ok = item
                .as_object()
                .is_some_and(|o| o.len() == 2 && o.contains_key("closed"));
            match (fields_ok, closed, reopened) {
                (true, Some(Some(closed)), Some(Some(reopened))) => {
                    out.push(crate::timeline::Break { closed, reopened })
                }
                (true, Some(Some(_)) | Some(None), Some(_)) => {} // a year reported above
                _ => p.push(
                    self.ctx
                        .problem(KEY, format!("expected {LIKE}, found {item} in it")),
                ),
            }
        }
        out
    }

    pub(super) fn optional_year(&self, key: &str, p: &mut Vec<Problem>) -> Option<i32> {
        match self.obj.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => self.year_value(key, v, p),
        }
    }

    pub(super) fn year_value(&self, key: &str, v: &Value, p: &mut Vec<Problem>) -> Option<i32> {
        let year = v.as_i64().and_then(|y| i32::try_from(y).ok());
        match year {
            Some(y) if YEAR_RANGE.contains(&y) => Some(y),
            Some(y) => {
                p.push(self.ctx.problem(
                    key,
                    format!(
                        "year {y} is out of range ({}–{})",
                        YEAR_RANGE.start(),
                        YEAR_RANGE.end()
                    ),
                ));
                None
            }
            None => {
                let extra = if key == "closed" {
                    ", null (still open) or \"unknown\""
                } else {
                    " or null"
                };
                p.push(
                    self.ctx
                        .problem(key, format!("expected a year like 1998{extra}, found {v}")),
                );
                None
            }
        }
    }

    pub(super) fn coordinate(&self, key: &str, limit: f64, p: &mut Vec<Problem>) -> Option<f64> {
        match self.obj.get(key) {
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if coordinate_ok(x, limit) => Some(x),
                _ => {
                    p.push(
                        self.ctx
                            .problem(key, format!("{n} is outside −{limit}…{limit}")),
                    );
                    None
                }
            },
            None | Some(Value::Null) => {
                p.push(Problem::new(
                    self.ctx.file,
                    self.ctx.line,
                    Some(key),
                    "missing (every mission needs coordinates; `diplomap import` geocodes them)",
                ));
                None
            }
            Some(other) => {
                p.push(
                    self.ctx
                        .problem(key, format!("expected a number, found {}", kind_of(other))),
                );
                None
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing
