//! The app's fonts, for its window and its pictures alike: egui's own Ubuntu Light, then,
//! for what it lacks, a subset of Noto Sans Light (Vietnamese and transliterated place
//! names such as Ḩawallī, IPA, combining accents, more Greek and Cyrillic, punctuation and
//! currency signs; `assets/fonts/`, made by `scripts/make-fallback-font.sh`, SIL Open Font
//! License). Arabic and CJK scripts are not covered (see the README).

/// The main font: Ubuntu Light, as egui bundles it.
pub const MAIN: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;

/// The letters the main font lacks, from Noto Sans Light.
pub const FALLBACK: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Light-subset.ttf");

/// The fallback's name among egui's fonts.
pub const FALLBACK_NAME: &str = "Noto Sans Light (subset)";
