//! A streaming scanner for the outer structure of a JSON document: the top-level object's
//! keys and, for one key, the elements of its array, each handed over as its own text with
//! the line it starts on. The data loader uses it so that a file of a million missions is
//! never held in memory at once, and every problem still names its line.
//!
//! The scanner only finds where values begin and end (strings, nesting); each value is
//! then parsed by `serde_json`, which does the full validation.

use std::io::Read;

/// Longest single value the scanner accepts (one mission, or a top-level field).
pub const MAX_VALUE_BYTES: usize = 16 << 20;
/// Deepest nesting the scanner accepts inside one value.
pub const MAX_DEPTH: usize = 64;

/// What went wrong, and on which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub line: usize,
    pub message: String,
}

impl ScanError {
    fn new(line: usize, message: impl Into<String>) -> Self {
        ScanError {
            line,
            message: message.into(),
        }
    }
}

/// A value's text and the line its first byte is on.
#[derive(Debug)]
pub struct Chunk {
    pub line: usize,
    pub bytes: Vec<u8>,
}

/// Byte-at-a-time reading over a buffered source, counting lines.
pub struct Scanner<R> {
    src: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// Line of the next byte.
    pub line: usize,
    /// An I/O error seen while reading; reported once by the caller.
    pub io_error: Option<std::io::Error>,
    started: bool,
}

impl<R: Read> Scanner<R> {
    pub fn new(src: R) -> Self {
        Scanner {
            src,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
            line: 1,
            io_error: None,
            started: false,
        }
    }

    fn fill(&mut self) -> bool {
        if self.pos < self.len {
            return true;
        }
        if self.io_error.is_some() {
            return false;
        }
        loop {
            match self.src.read(&mut self.buf) {
                Ok(n) => {
                    self.pos = 0;
                    self.len = n;
                    if !self.started {
                        self.started = true;
                        // A UTF-8 byte-order mark is not part of the document.
                        if self
                            .buf
                            .get(..n)
                            .is_some_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
                        {
                            self.pos = 3;
                        }
                    }
                    return self.pos < self.len;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.io_error = Some(e);
                    return false;
                }
            }
        }
    }

    /// The next byte, without taking it.
    pub fn peek(&mut self) -> Option<u8> {
        if !self.fill() {
            return None;
        }
        self.buf.get(self.pos).copied()
    }

    /// Takes the next byte.
    pub fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    pub fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                self.next_byte();
            } else {
                break;
            }
        }
    }

    /// Takes `want` (after white space) or says what was found instead.
    pub fn expect(&mut self, want: u8, what: &str) -> Result<(), ScanError> {
        self.skip_ws();
        let line = self.line;
        match self.next_byte() {
            Some(b) if b == want => Ok(()),
            Some(b) => Err(ScanError::new(
                line,
                format!("expected {what}, found {}", describe(b)),
            )),
            None => Err(self.eof_error(&format!("expected {what}"))),
        }
    }

    fn eof_error(&self, what: &str) -> ScanError {
        match &self.io_error {
            Some(e) => ScanError::new(self.line, format!("cannot read further: {e}")),
            None => ScanError::new(self.line, format!("the file ends too early: {what}")),
        }
    }

    /// Reads a JSON string (the opening quote is next) and decodes it.
    pub fn string(&mut self) -> Result<String, ScanError> {
        let mut chunk = Vec::new();
        let line = self.line;
        self.string_into(&mut chunk)?;
        serde_json::from_slice::<String>(&chunk)
            .map_err(|e| ScanError::new(line, format!("bad text: {}", short(&e))))
    }

    fn push(&mut self, out: &mut Vec<u8>, b: u8, start: usize) -> Result<(), ScanError> {
        if out.len() >= MAX_VALUE_BYTES {
            return Err(ScanError::new(
                start,
                format!(
                    "a single value is longer than {} MiB (is a bracket or quote missing?)",
                    MAX_VALUE_BYTES >> 20
                ),
            ));
        }
        out.push(b);
        Ok(())
    }

    fn string_into(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        let start = self.line;
        match self.next_byte() {
            Some(b'"') => self.push(out, b'"', start)?,
            Some(b) => {
                return Err(ScanError::new(
                    start,
                    format!("expected a quoted name, found {}", describe(b)),
                ));
            }
            None => return Err(self.eof_error("expected a quoted name")),
        }
        loop {
            match self.next_byte() {
                Some(b'\\') => {
                    self.push(out, b'\\', start)?;
                    match self.next_byte() {
                        Some(b) => self.push(out, b, start)?,
                        None => return Err(self.eof_error("inside text that starts here")),
                    }
                }
                Some(b'"') => return self.push(out, b'"', start),
                Some(b'\n') => {
                    return Err(ScanError::new(
                        start,
                        "text runs past the end of the line (a closing quote is missing)",
                    ));
                }
                Some(b) => self.push(out, b, start)?,
                None => {
                    return Err(ScanError::new(
                        start,
                        "the file ends inside text (a closing quote is missing)",
                    ));
                }
            }
        }
    }

    /// The next value's text (after white space), whatever it is. Nesting is only
    /// counted, not checked; serde_json checks the value afterwards.
    pub fn value(&mut self) -> Result<Chunk, ScanError> {
        self.skip_ws();
        let line = self.line;
        let mut out = Vec::new();
        match self.peek() {
            None => return Err(self.eof_error("expected a value")),
            Some(b'"') => self.string_into(&mut out)?,
            Some(b'{' | b'[') => self.compound(&mut out, line)?,
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}') {
                        break;
                    }
                    self.next_byte();
                    self.push(&mut out, b, line)?;
                }
            }
        }
        Ok(Chunk { line, bytes: out })
    }

    /// An object or array, scanned a buffer at a time: only quotes, escapes, brackets and
    /// line breaks are looked at.
    fn compound(&mut self, out: &mut Vec<u8>, start: usize) -> Result<(), ScanError> {
        let mut depth = 0usize;
        let mut in_str = false;
        let mut escaped = false;
        loop {
            if !self.fill() {
                return Err(match &self.io_error {
                    Some(e) => ScanError::new(self.line, format!("cannot read further: {e}")),
                    None => ScanError::new(
                        start,
                        "the file ends inside the value that starts here (a closing bracket is missing)",
                    ),
                });
            }
            let buf = self.buf.get(self.pos..self.len).unwrap_or_default();
            let mut done = None;
            let mut failure = None;
            let mut line = self.line;
            for (k, &b) in buf.iter().enumerate() {
                if in_str {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_str = false;
                    } else if b == b'\n' {
                        failure = Some(ScanError::new(
                            line,
                            "text runs past the end of the line (a closing quote is missing)",
                        ));
                        break;
                    }
                    continue;
                }
                match b {
                    b'\n' => line += 1,
                    b'"' => in_str = true,
                    b'{' | b'[' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            failure = Some(ScanError::new(
                                line,
                                format!("nested more than {MAX_DEPTH} levels deep"),
                            ));
                            break;
                        }
                    }
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            done = Some(k + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if let Some(f) = failure {
                return Err(f);
            }
            let take = done.unwrap_or(buf.len());
            if out.len() + take > MAX_VALUE_BYTES {
                return Err(ScanError::new(
                    start,
                    format!(
                        "a single value is longer than {} MiB (is a bracket or quote missing?)",
                        MAX_VALUE_BYTES >> 20
                    ),
                ));
            }
            out.extend_from_slice(buf.get(..take).unwrap_or_default());
            self.pos += take;
            self.line = line;
            if done.is_some() {
                return Ok(());
            }
        }
    }

    /// True at the end of the input (after white space).
    pub fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.peek().is_none()
    }
}

/// A byte as a person would name it in a message.
pub fn describe(b: u8) -> String {
    match b {
        b'\n' => "the end of the line".to_owned(),
        0x20..=0x7e => format!("'{}'", b as char),
        _ => format!("byte 0x{b:02x}"),
    }
}

fn short(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_lines() {
        let mut s = Scanner::new(&b"\xEF\xBB\xBF {\"a\": [1, {\"b\": \"}\\\"\"},\n\n true]}"[..]);
        s.expect(b'{', "{").expect("brace");
        s.skip_ws();
        assert_eq!(s.string().expect("key"), "a");
        s.expect(b':', ":").expect("colon");
        s.expect(b'[', "[").expect("bracket");
        let one = s.value().expect("1");
        assert_eq!(one.bytes, b"1");
        s.expect(b',', ",").expect("comma");
        let obj = s.value().expect("obj");
        assert_eq!(obj.bytes, br#"{"b": "}\""}"#);
        s.expect(b',', ",").expect("comma");
        let t = s.value().expect("true");
        assert_eq!((t.line, t.bytes.as_slice()), (3, &b"true"[..]));
    }

    #[test]
    fn unterminated_things_name_their_start() {
        let mut s = Scanner::new(&b"\n\n{\"a\": [1,\n2"[..]);
        let e = s.value().expect_err("open");
        assert_eq!(e.line, 3);
        let mut s = Scanner::new(&b"\"abc\ndef\""[..]);
        assert_eq!(s.value().expect_err("open").line, 1);
        let deep = "[".repeat(MAX_DEPTH + 1);
        let mut s = Scanner::new(deep.as_bytes());
        assert!(s.value().expect_err("deep").message.contains("nested"));
    }
}
