//! The timeline as an animated GIF: one frame per year, streamed to the encoder (memory
//! does not grow with the number of frames). The basemap is painted once; each frame
//! paints the year's markers, title, legend and chart strip over a copy of it.

use std::io::Write;
use std::ops::RangeInclusive;
use std::path::Path;

use crate::map::Picture;
use crate::scene::Item;
use crate::{PictureError, check_size, raster};

/// What an animation shows: `frame` (its data, view, size, theme, title and the closures
/// chart strip) for every year of `years`, at `fps` frames (years) a second; the frame's
/// own year is not used.
#[derive(Clone)]
pub struct Animation<'a> {
    pub frame: Picture<'a>,
    pub years: RangeInclusive<i32>,
    pub fps: u32,
}

impl Animation<'_> {
    fn picture(&self, year: i32) -> Picture<'_> {
        Picture { year, ..self.frame }
    }

    /// Checks the years, the speed and the size.
    pub fn check(&self) -> Result<(), PictureError> {
        let (from, to) = (*self.years.start(), *self.years.end());
        crate::check_years(from, to)?;
        if !(1..=50).contains(&self.fps) {
            return Err(PictureError::Fps(self.fps));
        }
        check_size(self.frame.size.0, self.frame.size.1)
    }
}

/// A palette of 255 colours picked from the first frame (and the states' colours), and the
/// nearest of them for any colour (cached by 15-bit colour). Index [`Palette::SAME`] is
/// transparent: the pixel stays as the frame before left it.
struct Palette {
    quant: color_quant::NeuQuant,
    rgb: Vec<u8>,
    cache: Vec<u16>,
}

impl Palette {
    const UNSET: u16 = u16::MAX;
    const SAME: u8 = 255;

    fn from_frame(rgba: &[u8]) -> Palette {
        // The states' colours on both themes, and white, weigh in as if they covered a
        // good share of the picture: a state absent from the first frame keeps its colour
        // in the later ones.
        let mut sample = rgba.to_vec();
        let weight = (rgba.len() / 4 / 64).max(64);
        let mut keys: Vec<[u8; 4]> = vec![[255, 255, 255, 255], [20, 20, 20, 255]];
        for dark in [false, true] {
            for s in diplomap_core::timeline::TimelineState::ALL {
                let [r, g, b, _] = diplomap_core::symbol::state_rgba(s, dark);
                keys.push([r, g, b, 255]);
            }
        }
        for k in keys {
            for _ in 0..weight {
                sample.extend_from_slice(&k);
            }
        }
        // 255 colours; index 255 is left for "as in the frame before".
        let quant = color_quant::NeuQuant::new(10, 255, &sample);
        let mut rgb = quant.color_map_rgb();
        rgb.resize(256 * 3, 0);
        Palette {
            quant,
            rgb,
            cache: vec![Self::UNSET; 1 << 15],
        }
    }

    fn index(&mut self, r: u8, g: u8, b: u8) -> u8 {
        let key = (usize::from(r >> 3) << 10) | (usize::from(g >> 3) << 5) | usize::from(b >> 3);
        match self.cache.get(key).copied() {
            Some(i) if i != Self::UNSET => i as u8,
            _ => {
                let i = self.quant.index_of(&[r, g, b, 255]) as u8;
                if let Some(slot) = self.cache.get_mut(key) {
                    *slot = u16::from(i);
                }
                i
            }
        }
    }
}

/// Writes the animation as a GIF to `w`. `progress(done, total)` hears of each frame and
/// may say stop (`false`): then it ends with [`PictureError::Cancelled`]. Returns the
/// number of frames.
pub fn animate(
    a: &Animation<'_>,
    w: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<usize, PictureError> {
    a.check()?;
    let (width, height) = a.frame.size;
    let enc_err = |e: gif::EncodingError| PictureError::Encode(e.to_string());
    // The basemap, painted once: the first scene's background and its first three
    // groups (land, coasts, borders) and the country names.
    let first = crate::map::scene(&a.picture(*a.years.start()));
    let is_base = |i: &Item| {
        matches!(i, Item::Group { class, .. }
            if ["land", "coasts", "borders", "country-names"].contains(&class.as_str()))
    };
    let base_scene = crate::Scene {
        items: first.items.iter().filter(|i| is_base(i)).cloned().collect(),
        ..first.clone()
    };
    let base = raster::render(&base_scene)
        .ok_or_else(|| PictureError::Encode("no memory for the picture".into()))?;
    let total = a.years.clone().count();
    let delay = u16::try_from((100 / a.fps).max(1)).unwrap_or(100);
    let w16 = u16::try_from(width).map_err(|_| PictureError::Size(width, height))?;
    let h16 = u16::try_from(height).map_err(|_| PictureError::Size(width, height))?;
    let mut palette: Option<Palette> = None;
    let mut encoder: Option<gif::Encoder<&mut dyn Write>> = None;
    let pixels = (width as usize) * (height as usize);
    // This frame's colours, the last frame's, and what is written: only the pixels that
    // changed, the others transparent (GIF compresses those runs to almost nothing).
    let mut indices = vec![0u8; pixels];
    let mut previous = vec![Palette::SAME; pixels];
    let mut written = vec![0u8; pixels];
    let mut w = Some(w);
    for (k, year) in a.years.clone().enumerate() {
        if !progress(k, total) {
            return Err(PictureError::Cancelled);
        }
        let scene = if k == 0 {
            first.clone()
        } else {
            crate::map::scene(&a.picture(year))
        };
        let mut pm = base.clone();
        let overlay: Vec<Item> = scene.items.into_iter().filter(|i| !is_base(i)).collect();
        raster::paint_items(&mut pm, &overlay);
        let rgba = pm.data();
        let pal = palette.get_or_insert_with(|| Palette::from_frame(rgba));
        for (px, out) in rgba.chunks_exact(4).zip(indices.iter_mut()) {
            // Opaque pixels: premultiplied equals straight colour.
            if let [r, g, b, _] = *px {
                *out = pal.index(r, g, b);
            }
        }
        if encoder.is_none()
            && let Some(w) = w.take()
        {
            let mut e = gif::Encoder::new(w, w16, h16, &pal.rgb).map_err(enc_err)?;
            e.set_repeat(gif::Repeat::Infinite).map_err(enc_err)?;
            encoder = Some(e);
        }
        for ((out, now), before) in written.iter_mut().zip(&indices).zip(&previous) {
            *out = if now == before { Palette::SAME } else { *now };
        }
        std::mem::swap(&mut previous, &mut indices);
        let frame = gif::Frame {
            width: w16,
            height: h16,
            delay,
            dispose: gif::DisposalMethod::Keep,
            transparent: Some(Palette::SAME),
            buffer: std::borrow::Cow::Borrowed(&written),
            ..gif::Frame::default()
        };
        if let Some(e) = encoder.as_mut() {
            e.write_frame(&frame).map_err(enc_err)?;
        }
    }
    progress(total, total);
    Ok(total)
}

/// Writes the animation to `path` atomically: a failure or a cancel leaves any old file as
/// it was.
pub fn write_gif(
    a: &Animation<'_>,
    path: &Path,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<usize, PictureError> {
    a.check()?;
    if crate::Format::of(path)? != crate::Format::Gif {
        return Err(PictureError::NotGif(path.to_owned()));
    }
    let mut outcome = Ok(0);
    let written = diplomap_core::atomic::write_with(path, |w| {
        outcome = animate(a, w, progress);
        match &outcome {
            Ok(_) => Ok(()),
            Err(e) => Err(std::io::Error::other(e.to_string())),
        }
    });
    match (outcome, written) {
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) => Err(PictureError::Write {
            path: path.to_owned(),
            why: e.source.to_string(),
        }),
        (Ok(n), Ok(())) => Ok(n),
    }
}
