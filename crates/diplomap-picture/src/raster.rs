//! Painting a [`Scene`] with tiny-skia: the PNG and the GIF frames. Text is drawn as the
//! outlines of the app's own fonts ([`crate::fonts`]).

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::outline::{DrawSettings, OutlineGlyphCollection, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform,
};

use crate::fonts;
use crate::scene::{Anchor, Cmd, Item, Rgba, Scene};

fn paint_of(c: Rgba) -> Paint<'static> {
    let [r, g, b, a] = c;
    let mut p = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    p.set_color(Color::from_rgba8(r, g, b, a));
    p
}

fn stroke_of(w: f32) -> Stroke {
    Stroke {
        width: w,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    }
}

/// One of the fonts text is drawn with, ready to measure and outline at a size.
struct Face {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    outlines: OutlineGlyphCollection<'static>,
}

/// The fonts text is drawn with at `size` pixels, in order: a character comes from the
/// first that has it (as in the app's window).
fn faces(size: f32) -> Vec<Face> {
    [fonts::MAIN, fonts::FALLBACK]
        .into_iter()
        .filter_map(|bytes| FontRef::new(bytes).ok())
        .map(|font| Face {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::new(size), LocationRef::default()),
            outlines: font.outline_glyphs(),
        })
        .collect()
}

/// The glyph of `ch` and the font it comes from; none if no font has it.
fn glyph(faces: &[Face], ch: char) -> Option<(&Face, GlyphId)> {
    faces.iter().find_map(|f| f.charmap.map(ch).map(|g| (f, g)))
}

/// Glyph outlines into a tiny-skia path, scaled, y flipped, at an origin.
struct Pen<'a> {
    pb: &'a mut PathBuilder,
    x: f32,
    y: f32,
}

impl OutlinePen for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.pb.move_to(self.x + x, self.y - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.pb.line_to(self.x + x, self.y - y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.pb
            .quad_to(self.x + cx0, self.y - cy0, self.x + x, self.y - y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.pb.cubic_to(
            self.x + cx0,
            self.y - cy0,
            self.x + cx1,
            self.y - cy1,
            self.x + x,
            self.y - y,
        );
    }
    fn close(&mut self) {
        self.pb.close();
    }
}

/// The width of `text` at `size` pixels.
pub fn text_width(text: &str, size: f32) -> f32 {
    width_in(&faces(size), text, size)
}

/// The width of `text` in `faces` (at their size).
fn width_in(faces: &[Face], text: &str, size: f32) -> f32 {
    if faces.is_empty() {
        return text.chars().count() as f32 * size * 0.5;
    }
    text.chars()
        .filter_map(|ch| glyph(faces, ch))
        .filter_map(|(f, g)| f.metrics.advance_width(g))
        .sum()
}

/// The outline of `text` with its baseline at `y`.
fn text_path(text: &str, x: f32, y: f32, size: f32, anchor: Anchor) -> Option<tiny_skia::Path> {
    let faces = faces(size);
    let width = width_in(&faces, text, size);
    let mut pen_x = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    };
    let mut pb = PathBuilder::new();
    for (face, gid) in text.chars().filter_map(|ch| glyph(&faces, ch)) {
        if let Some(g) = face.outlines.get(gid) {
            let mut pen = Pen {
                pb: &mut pb,
                x: pen_x,
                y,
            };
            let settings = DrawSettings::unhinted(Size::new(size), LocationRef::default());
            // A glyph that cannot be drawn is left out, as a missing one is.
            let _ = g.draw(settings, &mut pen);
        }
        pen_x += face.metrics.advance_width(gid).unwrap_or(0.0);
    }
    pb.finish()
}

/// Paints `items` on `pm`.
pub fn paint_items(pm: &mut Pixmap, items: &[Item]) {
    let id = Transform::identity();
    for item in items {
        match item {
            Item::Path { d, fill, stroke } => {
                let mut pb = PathBuilder::new();
                for c in &d.0 {
                    match *c {
                        Cmd::Move(x, y) => pb.move_to(x, y),
                        Cmd::Line(x, y) => pb.line_to(x, y),
                        Cmd::Close => pb.close(),
                    }
                }
                let Some(path) = pb.finish() else {
                    continue;
                };
                // A ring drawn down to a line has nothing to fill.
                let b = path.bounds();
                if let Some(f) = fill.filter(|_| b.width() > 0.0 && b.height() > 0.0) {
                    pm.fill_path(&path, &paint_of(f), FillRule::EvenOdd, id, None);
                }
                if let Some((w, c)) = stroke {
                    pm.stroke_path(&path, &paint_of(*c), &stroke_of(*w), id, None);
                }
            }
            Item::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
            } => {
                let Some(path) = PathBuilder::from_circle(*cx, *cy, *r) else {
                    continue;
                };
                if let Some(f) = fill {
                    pm.fill_path(&path, &paint_of(*f), FillRule::Winding, id, None);
                }
                if let Some((w, c)) = stroke {
                    pm.stroke_path(&path, &paint_of(*c), &stroke_of(*w), id, None);
                }
            }
            Item::Text {
                x,
                y,
                text,
                size,
                anchor,
                fill,
                halo,
            } => {
                let Some(path) = text_path(text, *x, *y, *size, *anchor) else {
                    continue;
                };
                if let Some(h) = halo {
                    pm.stroke_path(&path, &paint_of(*h), &stroke_of(2.5), id, None);
                }
                pm.fill_path(&path, &paint_of(*fill), FillRule::Winding, id, None);
            }
            Item::Group { items, .. } => paint_items(pm, items),
        }
    }
}

/// The scene painted on a new pixmap; `None` for a size of zero or one too big to hold.
pub fn render(scene: &Scene) -> Option<Pixmap> {
    let mut pm = Pixmap::new(scene.width, scene.height)?;
    let [r, g, b, a] = scene.background;
    pm.fill(Color::from_rgba8(r, g, b, a));
    paint_items(&mut pm, &scene.items);
    Some(pm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_the_main_font_lacks_come_from_the_fallback_and_are_drawn() {
        let faces = faces(12.0);
        assert_eq!(faces.len(), 2, "both fonts parse");
        let from = |ch| glyph(&faces, ch).map(|(f, _)| std::ptr::eq(f, &faces[1]));
        assert_eq!(from('a'), Some(false), "the main font first");
        for ch in "Ḩḩậểʻəẖṣ".chars() {
            assert_eq!(from(ch), Some(true), "{ch} from the fallback");
        }
        // Every letter takes room and is drawn: a name with them is as wide as its
        // letters, and its outline covers them all.
        let name = "Ḩawallī";
        let sum: f32 = name.chars().map(|c| text_width(&c.to_string(), 12.0)).sum();
        assert!((text_width(name, 12.0) - sum).abs() < 1e-3);
        let only_h = text_path("Ḩ", 0.0, 20.0, 12.0, Anchor::Start).map(|p| p.bounds());
        assert!(
            only_h.is_some_and(|b| b.width() > 4.0 && b.height() > 8.0),
            "{only_h:?}"
        );
    }
}
