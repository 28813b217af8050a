//! Messages shown at the top of the window until dismissed. [`Notices::notify`] is the one
//! way to tell the user something: it logs the message once and shows it once.

/// How serious a notice is; errors are shown in the error colour and logged as errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A message shown to the user until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub severity: Severity,
    pub text: String,
}

impl Notice {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The notices on screen, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    items: Vec<Notice>,
}

impl Notices {
    /// Logs `text` at the severity's level and shows it. Call it once per event: callers
    /// neither log nor show the same message themselves.
    pub fn notify(&mut self, severity: Severity, text: impl Into<String>) {
        // Text from files (a cell in a message) is shown and logged with its control
        // characters escaped.
        let text = crate::text::printable(&text.into()).into_owned();
        match severity {
            Severity::Info => log::info!("{text}"),
            Severity::Warning => log::warn!("{text}"),
            Severity::Error => log::error!("{text}"),
        }
        self.items.push(Notice { severity, text });
    }

    pub fn dismiss(&mut self, i: usize) {
        if i < self.items.len() {
            self.items.remove(i);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Notice> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
