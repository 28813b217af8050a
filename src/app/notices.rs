//! Messages shown as toasts over the map: information and warnings leave by themselves
//! after [`Notices::LINGER`] seconds, errors stay until dismissed. [`Notices::notify`] is
//! the one way to tell the user something: it logs the message once and shows it once.

/// How serious a notice is; errors are shown in the error colour and logged as errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A message shown to the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub severity: Severity,
    pub text: String,
    /// When it was first shown (the UI's clock, seconds); `None` until then.
    pub shown_at: Option<f64>,
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
        self.items.push(Notice {
            severity,
            text,
            shown_at: None,
        });
    }

    /// How long information and warnings stay, in seconds.
    pub const LINGER: f64 = 8.0;

    /// Once per frame, at the UI's time `now`: stamps the notices new this frame and lets
    /// go of those that have stayed their time (errors stay). Returns how long until the
    /// next one leaves, to wake the UI then.
    pub fn frame(&mut self, now: f64) -> Option<f64> {
        for n in &mut self.items {
            n.shown_at.get_or_insert(now);
        }
        self.items
            .retain(|n| n.is_error() || n.shown_at.is_none_or(|t| now - t < Self::LINGER));
        self.items
            .iter()
            .filter(|n| !n.is_error())
            .filter_map(|n| n.shown_at)
            .map(|t| (t + Self::LINGER - now).max(0.0))
            .reduce(f64::min)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn information_leaves_by_itself_and_errors_stay() {
        let mut n = Notices::default();
        n.notify(Severity::Info, "saved");
        n.notify(Severity::Error, "cannot read");
        assert_eq!(n.frame(10.0), Some(Notices::LINGER));
        n.notify(Severity::Warning, "later");
        assert_eq!(n.frame(12.0), Some(Notices::LINGER - 2.0));
        assert_eq!(n.iter().count(), 3);
        assert_eq!(n.frame(18.0), Some(2.0));
        let left: Vec<&str> = n.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(left, ["cannot read", "later"]);
        assert_eq!(n.frame(30.0), None);
        assert_eq!(n.iter().count(), 1);
        n.dismiss(0);
        assert!(n.is_empty());
    }
}
