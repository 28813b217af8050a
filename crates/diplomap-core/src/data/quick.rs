//! A mission object read by hand into the fast reader's [`Record`]: the same record
//! serde's derived reading gives, for the plain forms our writer and most tools write
//! (texts without escapes, whole years, numbers, `null`), at a fraction of the work. On
//! anything else (an escape, an unknown or repeated field, a value of another type) it
//! answers `None` and the derived reading takes the object, which then decides.

use std::borrow::Cow;

use super::fast::{Record, YearOrWord};

/// The object at the start of `text` (which starts with `{`) and its length, or `None`.
pub(super) fn record(text: &str) -> Option<(Record<'_>, usize)> {
    let mut p = Parser {
        b: text.as_bytes(),
        text,
        at: 0,
    };
    let mut r = Record::default();
    let mut seen = 0u32;
    p.byte(b'{')?;
    p.ws();
    if p.peek()? == b'}' {
        p.at += 1;
        return Some((r, p.at));
    }
    loop {
        p.ws();
        let key = p.plain_string()?;
        p.ws();
        p.byte(b':')?;
        p.ws();
        let bit: u32 = match key {
            "id" => {
                r.id = p.text_value()?;
                0
            }
            "sending_state" => {
                r.sending_state = p.text_value()?;
                1
            }
            "country" => {
                r.country = p.text_value()?;
                2
            }
            "country_code" => {
                r.country_code = p.text_value()?;
                3
            }
            "city" => {
                r.city = p.text_value()?;
                4
            }
            "mission" => {
                r.mission = p.text_value()?;
                5
            }
            "organization" => {
                r.organization = p.text_value()?;
                6
            }
            "region" => {
                r.region = p.text_value()?;
                7
            }
            "opened" => {
                r.opened = p.or_null(Parser::integer)?;
                8
            }
            "closed" => {
                r.closed = p.or_null(Parser::year_or_word)?;
                9
            }
            "refs" => {
                r.refs = p.or_null(Parser::numbers)?;
                10
            }
            "lat" => {
                r.lat = p.or_null(Parser::float)?;
                11
            }
            "lon" => {
                r.lon = p.or_null(Parser::float)?;
                12
            }
            "precision" => {
                r.precision = p.text_value()?;
                13
            }
            "inbound" => {
                r.inbound = p.or_null(Parser::boolean)?;
                14
            }
            "notes" => {
                r.notes = p.text_value()?;
                15
            }
            "word" => {
                r.word = p.text_value()?;
                16
            }
            "accredited_to" => {
                r.accredited_to = p.or_null(Parser::texts)?;
                17
            }
            "wikidata" => {
                r.wikidata = p.text_value()?;
                18
            }
            "address" => {
                r.address = p.text_value()?;
                19
            }
            "website" => {
                r.website = p.text_value()?;
                20
            }
            _ => return None,
        };
        let bit = 1u32 << bit;
        // A field given twice: the derived reading says so.
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
        p.ws();
        match p.next()? {
            b',' => {}
            b'}' => return Some((r, p.at)),
            _ => return None,
        }
    }
}

struct Parser<'a> {
    b: &'a [u8],
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn byte(&mut self, want: u8) -> Option<()> {
        (self.next()? == want).then_some(())
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string without escapes (an escape: `None`, for the derived reading).
    fn plain_string(&mut self) -> Option<&'a str> {
        self.byte(b'"')?;
        let start = self.at;
        // One pass to the closing quote; an escape or a raw control character (which JSON
        // strings do not hold) stops it too. (Byte by byte: these texts are short, too
        // short for a vector search to pay for setting itself up.)
        let len = self
            .b
            .get(start..)?
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        let end = start + len;
        if self.b.get(end) != Some(&b'"') {
            return None;
        }
        let s = self.text.get(start..end)?;
        self.at = end + 1;
        Some(s)
    }

    /// `null` (then `Some(None)`) or what `value` reads.
    fn or_null<T>(&mut self, value: fn(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.b.get(self.at..self.at + 4) == Some(b"null") {
            self.at += 4;
            return Some(None);
        }
        value(self).map(Some)
    }

    fn text_value(&mut self) -> Option<Option<Cow<'a, str>>> {
        self.or_null(|p| p.plain_string().map(Cow::Borrowed))
    }

    fn token(&mut self) -> &'a str {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.at += 1;
        }
        self.text.get(start..self.at).unwrap_or_default()
    }

    /// A whole number as JSON writes it (no fraction, no exponent, no leading zero).
    fn integer(&mut self) -> Option<i64> {
        let t = self.token();
        let digits = t.strip_prefix('-').unwrap_or(t);
        let plain = !digits.is_empty()
            && digits.len() <= 18
            && digits.bytes().all(|c| c.is_ascii_digit())
            && (digits.len() == 1 || !digits.starts_with('0'));
        if !plain {
            return None;
        }
        t.parse().ok()
    }

    fn year_or_word(&mut self) -> Option<YearOrWord<'a>> {
        if self.peek()? == b'"' {
            return self
                .plain_string()
                .map(|s| YearOrWord::Word(Cow::Borrowed(s)));
        }
        self.integer().map(YearOrWord::Year)
    }

    /// A number as JSON writes it, rounded to the nearest double as serde_json rounds it
    /// for the careful reader (its `float_roundtrip`: correctly, as the standard library
    /// does); one out of range is left to the derived reading, which says so.
    fn float(&mut self) -> Option<f64> {
        let t = self.token();
        if !is_json_number(t) {
            return None;
        }
        t.parse::<f64>().ok().filter(|x| x.is_finite())
    }

    fn boolean(&mut self) -> Option<bool> {
        for (word, v) in [(&b"true"[..], true), (&b"false"[..], false)] {
            if self.b.get(self.at..self.at + word.len()) == Some(word) {
                self.at += word.len();
                return Some(v);
            }
        }
        None
    }

    fn list<T>(&mut self, item: fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.byte(b'[')?;
        let mut out = Vec::new();
        self.ws();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(out);
        }
        loop {
            self.ws();
            out.push(item(self)?);
            self.ws();
            match self.next()? {
                b',' => {}
                b']' => return Some(out),
                _ => return None,
            }
        }
    }

    fn numbers(&mut self) -> Option<Vec<u64>> {
        self.list(|p| {
            let n = p.integer()?;
            u64::try_from(n).ok()
        })
    }

    fn texts(&mut self) -> Option<Vec<Cow<'a, str>>> {
        self.list(|p| p.plain_string().map(Cow::Borrowed))
    }
}

/// Whether `t` is a number by JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    let whole = i;
    match digits(&mut i) {
        0 => return false,
        n if n > 1 && b.get(whole) == Some(&b'0') => return false,
        _ => {}
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand reading's number, or `None`.
    fn float(t: &str) -> Option<f64> {
        let mut p = Parser {
            b: t.as_bytes(),
            text: t,
            at: 0,
        };
        p.float().filter(|_| p.at == t.len())
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_them() {
        let mut tokens: Vec<String> = [
            "0",
            "-0",
            "1",
            "-1",
            "40.5",
            "-3",
            "4.05e1",
            "1E5",
            "1e-5",
            "1e+5",
            "0.1",
            "00",
            "01",
            "+1",
            ".5",
            "1.",
            "-",
            "",
            "1e",
            "1e+",
            "--1",
            "1.2.3",
            "1e400",
            "-1e400",
            "2.2250738585072011e-308",
            "4.9e-324",
            "1e-400",
            "179.99999999999997",
            "0.30000000000000004",
            "9007199254740993",
            "123456789012345678901234567890",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
        ]
        .map(String::from)
        .into();
        // Many digits, where a rounding shortcut would go wrong.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 25) as usize + 1;
            let mut s = String::new();
            if x & 1 == 1 {
                s.push('-');
            }
            let mut y = x;
            for k in 0..digits {
                if k == (x >> 8) as usize % digits && k > 0 {
                    s.push('.');
                }
                s.push(char::from(b'0' + (y % 10) as u8));
                y = (y / 10) ^ (y << 3);
            }
            if x & 2 == 2 {
                s.push_str(&format!("e{}", (x >> 20) as i64 % 330 - 10));
            }
            tokens.push(s);
        }
        let mut read = 0;
        for t in &tokens {
            let derived = serde_json::from_str::<f64>(t).ok();
            match float(t) {
                Some(v) => {
                    read += 1;
                    assert_eq!(Some(v.to_bits()), derived.map(f64::to_bits), "{t}");
                }
                // Left to the derived reading: what JSON does not allow, or out of range.
                None => assert!(derived.is_none_or(|d| !d.is_finite()), "{t}: {derived:?}"),
            }
        }
        assert!(read > tokens.len() / 2, "{read} of {}", tokens.len());
    }
}
