//! Small text helpers shared by the gazetteer, the parsers and the search box.

use std::collections::HashMap;

use crate::model::{Mission, Text};

/// Folds a name for comparison: accents removed (transliterated to ASCII), lower case,
/// punctuation as spaces, runs of spaces collapsed. "Yaoundé" and "YAOUNDE", "Dar-es-Salaam"
/// and "Dar es Salaam" fold to the same key.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch.to_ascii_lowercase());
        } else if ch == '\'' || ch == '`' {
            // "Cote d'Ivoire" and "Cote dIvoire" alike: apostrophes vanish.
        } else {
            pending_space = true;
        }
    }
    out
}

/// Edit distance between two short strings, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let at = |v: &Vec<usize>, k: usize| v.get(k).copied().unwrap_or(usize::MAX);
            let substitute = at(&prev, j).saturating_add(usize::from(ca != *cb));
            let delete = at(&prev, j + 1).saturating_add(1);
            let insert = cur.last().copied().unwrap_or(usize::MAX).saturating_add(1);
            cur.push(substitute.min(delete).min(insert));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The closest of `options` to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = fold(word);
    options
        .into_iter()
        .map(|o| (edit_distance(&w, &fold(o)), o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

/// "unknown mission type \"Embasy\" (did you mean \"Embassy\"?)", or, with no likely typo,
/// the list of known words.
pub fn unknown_word(what: &str, word: &str, known: &[&str]) -> String {
    match suggest(word, known.iter().copied()) {
        Some(s) => format!("unknown {what} \"{word}\" (did you mean \"{s}\"?)"),
        None => format!("unknown {what} \"{word}\" (known: {})", known.join(", ")),
    }
}

/// `s` with its control characters escaped (`\u{1b}`), line breaks and tabs kept: text
/// from files as the terminal and the app show it, so that no escape sequence in a cell
/// can clear a screen or retitle a terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The search box's matching, the one rule used by [`crate::filter::Filter`] and the
/// index: every word of the folded query occurs in one of the mission's fields. Over many
/// missions it builds no string per mission: the shared fields (countries, cities…) are
/// folded once per distinct value.
pub struct TextMatcher {
    /// Each word of the search with the names it also stands for (a city's own name where
    /// the word is another name of it: "wien" also looks for "vienna").
    words: Vec<Vec<String>>,
    cache: HashMap<usize, u64>,
}

/// Cities at least this big give their own name to a search for another name of theirs
/// (smaller places share too many names with words).
pub const EXONYM_MIN_POPULATION: u64 = 100_000;

impl TextMatcher {
    /// Compiles a search: its folded words (at most 64), each with the own names of the
    /// cities it is another name of (the gazetteer's alternate names: "Genf", "Genève",
    /// "Geneve" → Geneva; "Wien" → Vienna). A search of several words that is, whole,
    /// another name of a city ("den haag") looks for that city's name too.
    pub fn new(text: &str) -> Self {
        let folded = fold(text);
        let words: Vec<String> = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .take(64)
            .collect();
        let gaz = (!words.is_empty()).then(crate::gazetteer::Gazetteer::embedded);
        let others = |w: &str| {
            gaz.map(|g| g.own_names_of(w, EXONYM_MIN_POPULATION))
                .unwrap_or_default()
        };
        let whole = if words.len() > 1 {
            others(&folded)
        } else {
            Vec::new()
        };
        let words = if whole.is_empty() {
            words
                .into_iter()
                .map(|w| {
                    let mut alts = others(&w);
                    alts.insert(0, w);
                    alts
                })
                .collect()
        } else {
            let mut alts = whole;
            alts.insert(0, folded);
            vec![alts]
        };
        TextMatcher {
            words,
            cache: HashMap::new(),
        }
    }

    /// Bit `k` set when word `k` (or a name it stands for) occurs in `s`.
    fn hits(words: &[Vec<String>], s: &str) -> u64 {
        let f = fold(s);
        words
            .iter()
            .enumerate()
            .filter(|(_, alts)| alts.iter().any(|w| f.contains(w.as_str())))
            .fold(0, |acc, (k, _)| acc | (1 << k))
    }

    fn shared(&mut self, s: &Text) -> u64 {
        let key = s.as_ptr() as usize;
        if let Some(&h) = self.cache.get(&key) {
            return h;
        }
        let h = Self::hits(&self.words, s);
        self.cache.insert(key, h);
        h
    }

    /// Whether every word of the search occurs in the mission's city, country, country
    /// code, sending state, organisation, type or notes.
    pub fn matches(&mut self, m: &Mission) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let all = if self.words.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << self.words.len()) - 1
        };
        let mut got = self.shared(&m.city)
            | self.shared(&m.country)
            | self.shared(&m.country_code)
            | self.shared(&m.sending_state)
            | Self::hits(&self.words, m.kind.label());
        if let Some(o) = &m.organization {
            got |= self.shared(o);
        }
        if got != all && !m.notes().is_empty() {
            got |= Self::hits(&self.words, m.notes());
        }
        got == all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_by_another_name_of_a_city_finds_it() {
        let mut m = crate::props::arb::tests_mission();
        for (city, queries) in [
            ("Geneva", &["Geneve", "genève", "Genf", "geneva"][..]),
            ("Vienna", &["Wien", "vienna"][..]),
            ("The Hague", &["Den Haag", "haag"][..]),
        ] {
            m.city = city.into();
            for q in queries {
                assert!(TextMatcher::new(q).matches(&m), "{q} finds {city}");
            }
        }
        m.city = "Vienna".into();
        assert!(!TextMatcher::new("Genf").matches(&m));
        assert!(!TextMatcher::new("qwertzuiop").matches(&m));
    }

    #[test]
    fn fold_ignores_accents_case_and_punctuation() {
        assert_eq!(fold("Yaoundé"), "yaounde");
        assert_eq!(fold("  Dar-es-Salaam "), "dar es salaam");
        assert_eq!(fold("Brasília"), fold("BRASILIA"));
        assert_eq!(fold("Côte d'Ivoire"), "cote divoire");
        assert_eq!(fold("Lomé"), "lome");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn suggestions_catch_typos_only() {
        let kinds = ["Embassy", "Consulate General", "Consular Office"];
        assert_eq!(suggest("Embasy", kinds), Some("Embassy"));
        assert_eq!(
            suggest("consulate generel", kinds),
            Some("Consulate General")
        );
        assert_eq!(suggest("Trade office", kinds), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    /// The plain rule the matcher stands for: every folded word in the folded text of all
    /// the fields.
    fn plain(m: &Mission, query: &str) -> bool {
        let hay = fold(&format!(
            "{} {} {} {} {} {} {}",
            m.city,
            m.country,
            m.country_code,
            m.organization.as_deref().unwrap_or_default(),
            m.kind.label(),
            m.sending_state,
            m.notes()
        ));
        fold(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .all(|w| hay.contains(w))
    }

    #[test]
    fn text_matcher_agrees_with_the_plain_rule() {
        let mut missions = crate::data::load_embedded().expect("data").missions;
        missions.extend(crate::synth::generate(500, 9).missions);
        for q in [
            "",
            "yaounde",
            "embassy china",
            "PROTECTING power",
            "united nations",
            "zz",
            "São",
            "brasilia",
            "  north   korea ",
        ] {
            let mut t = TextMatcher::new(q);
            for m in &missions {
                assert_eq!(t.matches(m), plain(m, q), "{q:?} {}", m.id);
            }
        }
    }
}
