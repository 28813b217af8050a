//! A picture as a list of drawn things in pixel coordinates: paths, circles, text and
//! groups with classes. The SVG is written from it ([`Scene::to_svg`]) and the PNG and GIF
//! frames are painted from it ([`crate::raster`]), so both show the same drawing.

use std::fmt::Write as _;

/// An RGBA colour, not premultiplied.
pub type Rgba = [u8; 4];

/// Path commands, in pixels, y down.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathData(pub Vec<Cmd>);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmd {
    Move(f32, f32),
    Line(f32, f32),
    Close,
}

impl PathData {
    pub fn polygon(points: impl IntoIterator<Item = (f32, f32)>) -> PathData {
        let mut d = PathData::default();
        for (i, (x, y)) in points.into_iter().enumerate() {
            d.0.push(if i == 0 {
                Cmd::Move(x, y)
            } else {
                Cmd::Line(x, y)
            });
        }
        d.0.push(Cmd::Close);
        d
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where a text's x is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One thing drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Path {
        d: PathData,
        fill: Option<Rgba>,
        stroke: Option<(f32, Rgba)>,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Option<Rgba>,
        stroke: Option<(f32, Rgba)>,
    },
    /// Text on a baseline at `y`.
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        anchor: Anchor,
        fill: Rgba,
        /// A halo of this colour around the letters, so they read on any background.
        halo: Option<Rgba>,
    },
    /// Things that belong together, with a class and data attributes (a mission marker,
    /// a cluster, the legend).
    Group {
        class: String,
        attrs: Vec<(String, String)>,
        items: Vec<Item>,
    },
}

/// A picture of `width`×`height` pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub background: Rgba,
    pub items: Vec<Item>,
}

fn color(out: &mut String, name: &str, c: Rgba) {
    let [r, g, b, a] = c;
    let _ = write!(out, " {name}=\"#{r:02x}{g:02x}{b:02x}\"");
    if a != 255 {
        let _ = write!(out, " {name}-opacity=\"{:.3}\"", f32::from(a) / 255.0);
    }
}

fn paint(out: &mut String, fill: Option<Rgba>, stroke: Option<(f32, Rgba)>) {
    match fill {
        Some(c) => color(out, "fill", c),
        None => out.push_str(" fill=\"none\""),
    }
    if let Some((w, c)) = stroke {
        color(out, "stroke", c);
        let _ = write!(out, " stroke-width=\"{w}\" stroke-linejoin=\"round\"");
    }
}

/// Text escaped for XML, without the characters XML forbids (controls but tab and line
/// feed, U+FFFE and U+FFFF), so that the file stays well-formed whatever a data file holds.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One decimal is enough for pixels; fewer bytes than full floats.
fn num(out: &mut String, v: f32) {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r:.1}");
    }
}

fn path_d(out: &mut String, d: &PathData) {
    for c in &d.0 {
        match *c {
            Cmd::Move(x, y) => {
                out.push('M');
                num(out, x);
                out.push(' ');
                num(out, y);
            }
            Cmd::Line(x, y) => {
                out.push('L');
                num(out, x);
                out.push(' ');
                num(out, y);
            }
            Cmd::Close => out.push('Z'),
        }
    }
}

fn write_item(out: &mut String, item: &Item, depth: usize) {
    for _ in 0..depth {
        out.push(' ');
    }
    match item {
        Item::Path { d, fill, stroke } => {
            out.push_str("<path d=\"");
            path_d(out, d);
            out.push('"');
            paint(out, *fill, *stroke);
            out.push_str(" fill-rule=\"evenodd\"/>\n");
        }
        Item::Circle {
            cx,
            cy,
            r,
            fill,
            stroke,
        } => {
            out.push_str("<circle cx=\"");
            num(out, *cx);
            out.push_str("\" cy=\"");
            num(out, *cy);
            out.push_str("\" r=\"");
            num(out, *r);
            out.push('"');
            paint(out, *fill, *stroke);
            out.push_str("/>\n");
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
            out.push_str("<text x=\"");
            num(out, *x);
            out.push_str("\" y=\"");
            num(out, *y);
            let _ = write!(out, "\" font-size=\"{size}\"");
            match anchor {
                Anchor::Start => {}
                Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
                Anchor::End => out.push_str(" text-anchor=\"end\""),
            }
            color(out, "fill", *fill);
            if let Some(h) = halo {
                color(out, "stroke", *h);
                out.push_str(
                    " stroke-width=\"2.5\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                );
            }
            let _ = writeln!(out, ">{}</text>", escape(text));
        }
        Item::Group {
            class,
            attrs,
            items,
        } => {
            let _ = write!(out, "<g class=\"{}\"", escape(class));
            for (k, v) in attrs {
                let _ = write!(out, " {}=\"{}\"", escape(k), escape(v));
            }
            out.push_str(">\n");
            for i in items {
                write_item(out, i, depth + 1);
            }
            for _ in 0..depth {
                out.push(' ');
            }
            out.push_str("</g>\n");
        }
    }
}

impl Scene {
    /// The scene as a standalone SVG document: real paths and text, editable in Inkscape
    /// or Illustrator.
    pub fn to_svg(&self) -> String {
        let mut out = String::with_capacity(1 << 20);
        let (w, h) = (self.width, self.height);
        let _ = writeln!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Ubuntu, 'DejaVu Sans', Arial, sans-serif\">"
        );
        out.push_str(" <rect width=\"100%\" height=\"100%\"");
        color(&mut out, "fill", self.background);
        out.push_str("/>\n");
        for item in &self.items {
            write_item(&mut out, item, 1);
        }
        out.push_str("</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_character_xml_forbids_is_written() {
        assert_eq!(escape("a\u{FFFE}b\u{FFFF}c\u{1b}]0;x\u{7}"), "abc]0;x");
        assert_eq!(escape("tab\tline\n"), "tab\tline\n");
        // A picture of missions whose id and name hold them reads as SVG.
        let svg = escape("id\u{FFFE}\u{0}&<>");
        assert_eq!(svg, "id&amp;&lt;&gt;");
    }

    #[test]
    fn svg_escapes_text_and_writes_classes() {
        let scene = Scene {
            width: 10,
            height: 10,
            background: [0, 0, 0, 255],
            items: vec![Item::Group {
                class: "mission open".into(),
                attrs: vec![("data-id".into(), "a&b".into())],
                items: vec![Item::Text {
                    x: 1.0,
                    y: 2.25,
                    text: "<Côte d'Ivoire>".into(),
                    size: 12.0,
                    anchor: Anchor::Middle,
                    fill: [255, 255, 255, 128],
                    halo: None,
                }],
            }],
        };
        let svg = scene.to_svg();
        assert!(
            svg.contains("<g class=\"mission open\" data-id=\"a&amp;b\">"),
            "{svg}"
        );
        assert!(svg.contains("&lt;Côte d&apos;Ivoire&gt;"), "{svg}");
        assert!(
            svg.contains("y=\"2.3\"") || svg.contains("y=\"2.2\""),
            "{svg}"
        );
        assert!(svg.contains("fill-opacity=\"0.502\""), "{svg}");
    }
}
