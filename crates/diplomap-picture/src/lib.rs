//! Diplomap's pictures, with no window and no GPU: the map of a year as SVG (real paths and
//! text, one element per marker and cluster with its state) and PNG (painted from the same
//! drawing), and the timeline as an animated GIF streamed one frame at a time.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod animate;
pub mod fonts;
mod map;
pub mod raster;
pub mod scene;

use std::path::{Path, PathBuf};

pub use animate::{Animation, animate, write_gif};
pub use map::{Chart, Key, Overlays, Picture, View, scene, state_class};
pub use scene::Scene;

/// The smallest and largest side of a picture, in pixels.
pub const MIN_SIDE: u32 = 16;
pub const MAX_SIDE: u32 = 8192;

/// Why a picture was not made. Nothing is written then.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("{0}×{1} is no picture size: each side must be {MIN_SIDE} to {MAX_SIDE} pixels")]
    Size(u32, u32),
    #[error("no years from {from} to {to}: the first year must not be after the last")]
    Years { from: i32, to: i32 },
    #[error("{from} to {to} is {frames} years: an animation has at most {max} frames (one a year)", max = MAX_FRAMES)]
    TooManyFrames { from: i32, to: i32, frames: i64 },
    #[error("{0} frames per second: give 1 to 50")]
    Fps(u32),
    #[error("{path}: cannot write the picture: {why}")]
    Write { path: PathBuf, why: String },
    #[error("{0}: the picture's name must end in .svg, .png or .gif")]
    Extension(PathBuf),
    #[error("{0}: an animation is a GIF; its name must end in .gif")]
    NotGif(PathBuf),
    #[error("{0}: a single picture is SVG or PNG; its name must end in .svg or .png")]
    NotStill(PathBuf),
    #[error("cancelled; nothing was written")]
    Cancelled,
    #[error("cannot encode the picture: {0}")]
    Encode(String),
}

/// The caption of a picture made with `filter`: what it does beyond the default, in
/// words, host countries by the data set's names for them.
pub fn caption(
    filter: &diplomap_core::filter::Filter,
    missions: &[diplomap_core::model::Mission],
) -> Vec<String> {
    let gaz = diplomap_core::gazetteer::Gazetteer::embedded();
    filter.describe(&|code: &str| {
        missions
            .iter()
            .find(|m| &*m.country_code == code)
            .map(|m| m.country.to_string())
            .or_else(|| gaz.country(code).map(|c| c.name.clone()))
            .unwrap_or_else(|| code.to_owned())
    })
}

/// Checks a picture size.
pub fn check_size(w: u32, h: u32) -> Result<(), PictureError> {
    let ok = |s: u32| (MIN_SIDE..=MAX_SIDE).contains(&s);
    if ok(w) && ok(h) {
        Ok(())
    } else {
        Err(PictureError::Size(w, h))
    }
}

/// The formats a picture is written in, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
    Gif,
}

impl Format {
    pub fn of(path: &Path) -> Result<Format, PictureError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some("png") => Ok(Format::Png),
            Some("gif") => Ok(Format::Gif),
            _ => Err(PictureError::Extension(path.to_owned())),
        }
    }
}

/// A credit line for a data set's `source`, short enough for a picture's corner: the
/// `s` cut to at most `max` characters, an ellipsis last where it was longer.
pub fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if s.chars().count() > max => format!("{}…", s[..at].trim_end()),
        _ => s.to_owned(),
    }
}

/// sources it names, with their licences.
pub fn short_credit(source: &str) -> String {
    let mut parts = Vec::new();
    if source.contains("Wikidata") {
        parts.push("Missions: Wikidata (CC0) via database-of-embassies");
    }
    if source.contains("encyclopedia list") {
        parts.push("the encyclopedia list of North Korea's missions (CC BY-SA 4.0)");
    }
    if !parts.is_empty() {
        let mut s = parts.join("; ");
        if !s.starts_with("Missions") {
            s = format!("Missions: {s}");
        }
        return s;
    }
    // Another data set: its first sentence, cut at a word.
    let first = source.split(". ").next().unwrap_or(source).trim();
    if first.chars().count() <= 90 {
        return first.to_owned();
    }
    let mut out = String::new();
    for w in first.split_whitespace() {
        if out.chars().count() + w.chars().count() > 88 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// Closures per year from `from` to `to` of the missions `filter` shows in their closing
/// The most frames (years) an animation has.
pub const MAX_FRAMES: i64 = 5000;

/// Checks an animation's years before anything is made of them (counted without
/// overflow, whatever the two years).
pub fn check_years(from: i32, to: i32) -> Result<(), PictureError> {
    if from > to {
        return Err(PictureError::Years { from, to });
    }
    let frames = i64::from(to) - i64::from(from) + 1;
    if frames > MAX_FRAMES {
        return Err(PictureError::TooManyFrames { from, to, frames });
    }
    Ok(())
}

/// year: the chart strip under an animation.
pub fn closures_per_year(
    missions: &[diplomap_core::model::Mission],
    filter: &diplomap_core::filter::Filter,
    from: i32,
    to: i32,
) -> Vec<u32> {
    let mut out = vec![0u32; usize::try_from(to - from + 1).unwrap_or(0)];
    let mut shown = filter.matcher();
    for m in missions {
        for y in diplomap_core::timeline::Periods::of_mission(m).closures() {
            if (from..=to).contains(&y)
                && shown.matches(m, y)
                && let Some(n) = usize::try_from(y - from).ok().and_then(|k| out.get_mut(k))
            {
                *n += 1;
            }
        }
    }
    out
}

/// The scene as PNG bytes.
pub fn png_bytes(scene: &Scene) -> Result<Vec<u8>, PictureError> {
    check_size(scene.width, scene.height)?;
    let pm = raster::render(scene)
        .ok_or_else(|| PictureError::Encode("no memory for the picture".into()))?;
    pm.encode_png()
        .map_err(|e| PictureError::Encode(e.to_string()))
}

/// Writes the scene to `path` as SVG or PNG (by its extension), atomically: a failure
/// leaves any old file as it was.
pub fn write_picture(scene: &Scene, path: &Path) -> Result<(), PictureError> {
    check_size(scene.width, scene.height)?;
    let bytes = match Format::of(path)? {
        Format::Svg => scene.to_svg().into_bytes(),
        Format::Png => png_bytes(scene)?,
        Format::Gif => return Err(PictureError::NotStill(path.to_owned())),
    };
    diplomap_core::atomic::write(path, &bytes).map_err(|e| PictureError::Write {
        path: path.to_owned(),
        why: e.source.to_string(),
    })
}

#[cfg(test)]
mod tests;
