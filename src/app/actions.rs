//! The command table: every action a user can take by menu, button or key, with its
//! label, its description and its shortcuts in one place. The menus, the key handling,
//! the hover texts and the Help window all read from it (after rerun's `UICommand`).

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use super::command::{CameraCmd, Command, PlaybackCmd, UiCmd, ViewCmd};
use super::state::Panel;
use super::windows::WindowKind;

/// A user action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    OpenData,
    Import,
    Export,
    ExportImage,
    ExportAnimation,
    Ranking,
    WhoIsHere,
    Change,
    Reciprocity,
    Coverage,
    Quit,
    Search,
    PreviousYear,
    NextYear,
    TenYearsBack,
    TenYearsForward,
    FirstYear,
    LastYear,
    PlayPause,
    ZoomIn,
    ZoomOut,
    FitAll,
    Dismiss,
    ClearSelection,
    ResetFilters,
    ToggleFilters,
    ToggleList,
    ToggleTimeline,
    ToggleLegend,
    ToggleNetworkLines,
    ToggleMayBeOpen,
    Help,
    About,
}

const fn key(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, k)
}
const fn shift(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, k)
}
const fn command(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, k)
}

/// One row of the table.
struct Spec {
    /// On menu items and buttons.
    label: &'static str,
    /// In the Help window and hover texts.
    description: &'static str,
    shortcuts: &'static [KeyboardShortcut],
}

impl Action {
    pub const ALL: [Action; 33] = [
        Action::OpenData,
        Action::Import,
        Action::Export,
        Action::ExportImage,
        Action::ExportAnimation,
        Action::Ranking,
        Action::WhoIsHere,
        Action::Change,
        Action::Reciprocity,
        Action::Coverage,
        Action::Quit,
        Action::Search,
        Action::PreviousYear,
        Action::NextYear,
        Action::TenYearsBack,
        Action::TenYearsForward,
        Action::FirstYear,
        Action::LastYear,
        Action::PlayPause,
        Action::ZoomIn,
        Action::ZoomOut,
        Action::FitAll,
        Action::Dismiss,
        Action::ClearSelection,
        Action::ResetFilters,
        Action::ToggleFilters,
        Action::ToggleList,
        Action::ToggleTimeline,
        Action::ToggleLegend,
        Action::ToggleNetworkLines,
        Action::ToggleMayBeOpen,
        Action::Help,
        Action::About,
    ];

    fn spec(self) -> Spec {
        let s = |label, description, shortcuts| Spec {
            label,
            description,
            shortcuts,
        };
        match self {
            Action::OpenData => s(
                "Open data file…",
                "open a data file",
                const { &[command(Key::O)] },
            ),
            Action::Import => s(
                "Import source list…",
                "import a list in the source's table format",
                &[],
            ),
            Action::Export => s(
                "Export current view…",
                "export the current view",
                const { &[command(Key::E)] },
            ),
            Action::ExportImage => s(
                "Export image…",
                "save the map as on screen as PNG or SVG",
                &[],
            ),
            Action::ExportAnimation => s(
                "Export animation…",
                "save the years as an animated GIF",
                &[],
            ),
            Action::Ranking => s(
                "Ranking of sending states…",
                "rank the sending states by missions, host countries and countries covered",
                &[],
            ),
            Action::WhoIsHere => s(
                "Who is here…",
                "list every mission in a host country, by sender",
                &[],
            ),
            Action::Change => s(
                "Change between two years…",
                "the missions that opened or closed between two years",
                &[],
            ),
            Action::Reciprocity => s(
                "Reciprocity…",
                "two states' missions in each other's country",
                &[],
            ),
            Action::Coverage => s(
                "Coverage map…",
                "shade the countries one sender covers, resident or accredited",
                &[],
            ),
            Action::Quit => s("Quit", "quit Diplomap", const { &[command(Key::Q)] }),
            Action::Search => s("Search", "search", const { &[command(Key::F)] }),
            Action::PreviousYear => s("⏴", "previous year", const { &[key(Key::ArrowLeft)] }),
            Action::NextYear => s("⏵", "next year", const { &[key(Key::ArrowRight)] }),
            Action::TenYearsBack => s(
                "Ten years back",
                "ten years back",
                const { &[shift(Key::ArrowLeft)] },
            ),
            Action::TenYearsForward => s(
                "Ten years forward",
                "ten years forward",
                const { &[shift(Key::ArrowRight)] },
            ),
            Action::FirstYear => s("First year", "first year", const { &[key(Key::Home)] }),
            Action::LastYear => s("Last year", "last year", const { &[key(Key::End)] }),
            Action::PlayPause => s(
                "Play",
                "play / pause the timeline",
                const { &[key(Key::Space)] },
            ),
            Action::ZoomIn => s(
                "+",
                "zoom in",
                const { &[key(Key::Plus), key(Key::Equals)] },
            ),
            Action::ZoomOut => s("-", "zoom out", const { &[key(Key::Minus)] }),
            Action::FitAll => s(
                "Fit all visible missions",
                "fit all visible missions",
                const { &[key(Key::F)] },
            ),
            Action::Dismiss => s(
                "Close",
                "close the front window; with none open, clear the selection and collapse a cluster",
                const { &[key(Key::Escape)] },
            ),
            Action::ClearSelection => s("Close", "clear the selection, collapse a cluster", &[]),
            Action::ResetFilters => s("Reset", "show everything again", &[]),
            Action::ToggleFilters => s("Filters panel", "show or hide the filters", &[]),
            Action::ToggleList => s("Mission list", "show or hide the mission list", &[]),
            Action::ToggleTimeline => s("Timeline", "show or hide the timeline", &[]),
            Action::ToggleLegend => s("Legend", "show or hide the legend", &[]),
            Action::ToggleNetworkLines => s(
                "Accreditation lines of compared senders",
                "draw the accreditation lines of every shown mission of the compared senders",
                &[],
            ),
            Action::ToggleMayBeOpen => s(
                "Missions that may be open",
                "show or hide the missions no source shows open in the year (drawn as rings: their opening was not recorded)",
                const { &[key(Key::M)] },
            ),
            Action::Help => s(
                "Keyboard shortcuts",
                "this window",
                const { &[key(Key::F1)] },
            ),
            Action::About => s("About Diplomap", "data sources and licences", &[]),
        }
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    pub fn description(self) -> &'static str {
        self.spec().description
    }

    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        self.spec().shortcuts
    }

    /// "Ctrl+E", or "+ / =" for several; none without a shortcut.
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        let keys = self.shortcuts();
        (!keys.is_empty()).then(|| {
            keys.iter()
                .map(|k| ctx.format_shortcut(k))
                .collect::<Vec<_>>()
                .join(" / ")
        })
    }

    /// The hover text: the description, capitalised, with the shortcut.
    pub fn hover_text(self, ctx: &egui::Context) -> String {
        let d = self.description();
        let mut chars = d.chars();
        let d = chars
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect());
        match self.shortcut_text(ctx) {
            Some(k) => format!("{d} ({k})"),
            None => d,
        }
    }

    /// Shortcuts with Ctrl (or ⌘) and function keys work while typing in a text field;
    /// plain keys then type.
    fn works_while_typing(self) -> bool {
        self.shortcuts()
            .iter()
            .all(|k| k.modifiers.command || matches!(k.logical_key, Key::F1))
    }

    /// What the action asks the app to do.
    pub fn commands(self) -> Vec<Command> {
        let show = |w| vec![UiCmd::ShowWindow(w, true).into()];
        let toggle = |p| vec![UiCmd::TogglePanel(p).into()];
        match self {
            Action::OpenData => show(WindowKind::Open),
            Action::Import => show(WindowKind::Import),
            Action::Export => show(WindowKind::Export),
            Action::ExportImage => show(WindowKind::ExportImage),
            Action::ExportAnimation => show(WindowKind::ExportAnimation),
            Action::Ranking => show(WindowKind::Ranking),
            Action::WhoIsHere => show(WindowKind::Host),
            Action::Change => show(WindowKind::Change),
            Action::Reciprocity => show(WindowKind::Reciprocity),
            Action::Coverage => show(WindowKind::Coverage),
            Action::Help => show(WindowKind::Help),
            Action::About => show(WindowKind::About),
            Action::Quit => vec![UiCmd::Quit.into()],
            Action::Search => vec![UiCmd::FocusSearch.into()],
            Action::PreviousYear => vec![ViewCmd::StepYear(-1).into()],
            Action::NextYear => vec![ViewCmd::StepYear(1).into()],
            Action::TenYearsBack => vec![ViewCmd::StepYear(-10).into()],
            Action::TenYearsForward => vec![ViewCmd::StepYear(10).into()],
            // The data's first year: the year is clamped to the timeline.
            Action::FirstYear => vec![ViewCmd::SetYear(i32::MIN).into()],
            Action::LastYear => vec![ViewCmd::SetYear(i32::MAX).into()],
            Action::PlayPause => vec![PlaybackCmd::Toggle.into()],
            Action::ZoomIn => vec![CameraCmd::ZoomIn.into()],
            Action::ZoomOut => vec![CameraCmd::ZoomOut.into()],
            Action::FitAll => vec![CameraCmd::FitAll.into()],
            Action::Dismiss => vec![UiCmd::Dismiss.into()],
            Action::ClearSelection => vec![ViewCmd::Collapse.into(), ViewCmd::Select(None).into()],
            Action::ResetFilters => vec![ViewCmd::ResetFilters.into()],
            Action::ToggleFilters => toggle(Panel::Filters),
            Action::ToggleList => toggle(Panel::List),
            Action::ToggleTimeline => toggle(Panel::Timeline),
            Action::ToggleLegend => toggle(Panel::Legend),
            Action::ToggleNetworkLines => toggle(Panel::NetworkLines),
            Action::ToggleMayBeOpen => {
                vec![ViewCmd::ToggleState(crate::timeline::TimelineState::MayBeOpen).into()]
            }
        }
    }

    /// A button for the action (its label, its hover text); pushes its commands when
    /// clicked.
    pub fn button(self, ui: &mut Ui, out: &mut Vec<Command>) -> egui::Response {
        self.button_labelled(ui, self.label(), true, out)
    }

    /// The same with another label (a play button that says "Pause"), perhaps disabled.
    pub fn button_labelled(
        self,
        ui: &mut Ui,
        label: &str,
        enabled: bool,
        out: &mut Vec<Command>,
    ) -> egui::Response {
        let r = ui
            .add_enabled(enabled, egui::Button::new(label))
            .on_hover_text(self.hover_text(ui.ctx()));
        if r.clicked() {
            out.extend(self.commands());
        }
        r
    }

    /// A menu entry: the label with its shortcut beside it.
    pub fn menu_item(self, ui: &mut Ui, out: &mut Vec<Command>) {
        let mut b = egui::Button::new(self.label());
        if let Some(k) = self.shortcut_text(ui.ctx()) {
            b = b.shortcut_text(k);
        }
        if ui.add(b).clicked() {
            out.extend(self.commands());
        }
    }

    /// A menu entry that is on or off (a panel shown or not).
    pub fn menu_toggle(self, ui: &mut Ui, on: bool, out: &mut Vec<Command>) {
        if ui.selectable_label(on, self.label()).clicked() {
            out.extend(self.commands());
        }
    }
}

/// The commands of the shortcuts pressed this frame, consumed from the input. Every press
/// counts, even several in one frame; shortcuts with more modifiers are matched first (a
/// plain key's pattern also matches the shifted press).
pub fn key_commands(ctx: &egui::Context) -> Vec<Command> {
    let typing = ctx.egui_wants_keyboard_input();
    let mut pairs: Vec<(Action, KeyboardShortcut)> = Action::ALL
        .iter()
        .filter(|a| !typing || a.works_while_typing())
        .flat_map(|a| a.shortcuts().iter().map(move |k| (*a, *k)))
        .collect();
    let weight = |m: Modifiers| {
        usize::from(m.shift) + usize::from(m.alt) + usize::from(m.command || m.ctrl || m.mac_cmd)
    };
    pairs.sort_by_key(|(_, k)| std::cmp::Reverse(weight(k.modifiers)));
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for (a, k) in pairs {
            for _ in 0..i.count_and_consume_key(k.modifiers, k.logical_key) {
                out.extend(a.commands());
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_shortcut() {
        let mut seen = Vec::new();
        for a in Action::ALL {
            for k in a.shortcuts() {
                assert!(!seen.contains(k), "{a:?}: {k:?} is taken");
                seen.push(*k);
            }
        }
    }

    #[test]
    fn every_action_does_something_and_says_what() {
        for a in Action::ALL {
            assert!(!a.commands().is_empty(), "{a:?}");
            assert!(
                !a.label().is_empty() && !a.description().is_empty(),
                "{a:?}"
            );
        }
    }
}
