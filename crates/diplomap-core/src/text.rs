//! Small text helpers shared by the gazetteer, the parsers and the search box.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
