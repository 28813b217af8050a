//! Drawing a Web Mercator tile of the world with tiny-skia: water, land, borders and
//! coasts, with detail that follows the zoom.

use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform,
};

use super::*;

/// Colours of the basemap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub water: [u8; 3],
    pub land: [u8; 3],
    pub border: [u8; 4],
    pub coast: [u8; 4],
}

impl Style {
    pub const LIGHT: Style = Style {
        water: [0xd4, 0xe4, 0xee],
        land: [0xf4, 0xf1, 0xea],
        border: [0xa8, 0x9f, 0x9a, 0xff],
        coast: [0x8f, 0xae, 0xc2, 0xff],
    };
    pub const DARK: Style = Style {
        water: [0x16, 0x1e, 0x27],
        land: [0x2b, 0x2f, 0x33],
        border: [0x5d, 0x5f, 0x63, 0xff],
        coast: [0x3d, 0x55, 0x68, 0xff],
    };
}

/// A Web Mercator tile: zoom, column, row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileKey {
    pub zoom: u8,
    pub x: u32,
    pub y: u32,
}

impl TileKey {
    /// The tile's lon/lat bounds, with a margin of `margin` tiles.
    pub fn bounds(&self, margin: f64) -> Bounds {
        let n = 2f64.powi(i32::from(self.zoom));
        let lon = |x: f64| x / n * 360.0 - 180.0;
        let lat = |y: f64| diplomap_core::view::inverse_mercator_y(y / n);
        let (x, y) = (f64::from(self.x), f64::from(self.y));
        Bounds {
            min_lon: lon(x - margin),
            max_lon: lon(x + 1.0 + margin),
            min_lat: lat(y + 1.0 + margin),
            max_lat: lat(y - margin),
        }
    }
}

/// Renders one tile of `size`×`size` pixels. `None` only if `size` is 0.
pub fn render_tile(world: &World, key: TileKey, size: u32, style: &Style) -> Option<Pixmap> {
    let mut pm = Pixmap::new(size, size)?;
    let [r, g, b] = style.water;
    pm.fill(Color::from_rgba8(r, g, b, 255));
    let n = 2f64.powi(i32::from(key.zoom));
    let s = f64::from(size);
    let (ox, oy) = (f64::from(key.x), f64::from(key.y));
    let project = |(lon, lat): (f64, f64)| -> (f32, f32) {
        (
            ((mercator_x(lon) * n - ox) * s) as f32,
            ((mercator_y(lat) * n - oy) * s) as f32,
        )
    };
    let tile_bounds = key.bounds(0.02);
    // Points closer than this (pixels) are dropped: the per-zoom simplification.
    let min_step = 0.6f32;
    // `dlon` shifts the shape by a whole turn, for rings that cross the antimeridian.
    let add_path = |pb: &mut PathBuilder, pts: &[Pt], close: bool, dlon: f64| {
        let mut last: Option<(f32, f32)> = None;
        let mut prev: Option<(f64, f64)> = None;
        let count = pts.len();
        for (i, p) in pts.iter().copied().map(wide).enumerate() {
            let (x, y) = project((p.0 + dlon, p.1));
            let cut = !close && prev.is_some_and(|q| artificial(q, p));
            prev = Some(p);
            match last {
                Some(_) if cut => pb.move_to(x, y),
                None => pb.move_to(x, y),
                Some((lx, ly)) => {
                    let far = (x - lx).abs() + (y - ly).abs() >= min_step;
                    if far || i + 1 == count {
                        pb.line_to(x, y);
                    } else {
                        continue;
                    }
                }
            }
            last = Some((x, y));
        }
        if close {
            pb.close();
        }
    };

    let mut land = PathBuilder::new();
    for c in &world.countries {
        for (ring, b) in c.rings.iter().zip(&c.ring_bounds) {
            if ring.len() < 3 {
                continue;
            }
            for dlon in [0.0, -360.0, 360.0] {
                let shifted = Bounds {
                    min_lon: b.min_lon + dlon,
                    max_lon: b.max_lon + dlon,
                    ..*b
                };
                if shifted.intersects(&tile_bounds) {
                    add_path(&mut land, ring, true, dlon);
                }
            }
        }
    }
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    if let Some(path) = land.finish() {
        let [r, g, b] = style.land;
        paint.set_color_rgba8(r, g, b, 255);
        pm.fill_path(
            &path,
            &paint,
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }
    let scale = s as f32 / 256.0;
    let zoom_w = (0.5 + f32::from(key.zoom) * 0.12).min(1.6);
    let lines = [
        (&world.coasts, style.coast, zoom_w * 0.9),
        (&world.borders, style.border, zoom_w),
    ];
    for (set, color, width) in lines {
        let mut pb = PathBuilder::new();
        for l in set.iter().filter(|l| l.bounds.intersects(&tile_bounds)) {
            add_path(&mut pb, &l.points, false, 0.0);
        }
        if let Some(path) = pb.finish() {
            let [r, g, b, a] = color;
            paint.set_color_rgba8(r, g, b, a);
            let stroke = Stroke {
                width: width * scale,
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            pm.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        }
    }
    Some(pm)
}
