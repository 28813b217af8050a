//! Web Mercator arithmetic for the map view: fitting a set of places into a viewport.

/// Web Mercator tile size in pixels at zoom 0.
pub const TILE_SIZE: f64 = 256.0;
/// The closest zoom the map goes to.
pub const MAX_ZOOM: f64 = 19.0;
/// The farthest.
pub const MIN_ZOOM: f64 = 1.0;

/// A longitude/latitude box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl BBox {
    /// A box around nothing: it meets no other box, and a union with it is the other box.
    pub const EMPTY: BBox = BBox {
        min_lon: f64::INFINITY,
        min_lat: f64::INFINITY,
        max_lon: f64::NEG_INFINITY,
        max_lat: f64::NEG_INFINITY,
    };

    /// The smallest box holding both.
    pub fn union(self, o: BBox) -> BBox {
        BBox {
            min_lon: self.min_lon.min(o.min_lon),
            min_lat: self.min_lat.min(o.min_lat),
            max_lon: self.max_lon.max(o.max_lon),
            max_lat: self.max_lat.max(o.max_lat),
        }
    }

    /// Whether the two boxes share any point.
    pub fn intersects(&self, o: &BBox) -> bool {
        self.min_lon <= o.max_lon
            && o.min_lon <= self.max_lon
            && self.min_lat <= o.max_lat
            && o.min_lat <= self.max_lat
    }

    /// The box around `points` (lon, lat); `None` for no points.
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>) -> Option<BBox> {
        let mut it = points.into_iter();
        let (lon, lat) = it.next()?;
        let mut b = BBox {
            min_lon: lon,
            min_lat: lat,
            max_lon: lon,
            max_lat: lat,
        };
        for (lon, lat) in it {
            b.min_lon = b.min_lon.min(lon);
            b.max_lon = b.max_lon.max(lon);
            b.min_lat = b.min_lat.min(lat);
            b.max_lat = b.max_lat.max(lat);
        }
        Some(b)
    }
}

/// Points along the great circle from `a` to `b` (lon, lat in degrees), `steps` segments,
/// both ends included. Longitudes run on without a jump (beyond ±180 where the arc crosses
/// the antimeridian), so the line can be drawn as it is.
pub fn great_circle(a: (f64, f64), b: (f64, f64), steps: usize) -> Vec<(f64, f64)> {
    let to_xyz = |(lon, lat): (f64, f64)| {
        let (lon, lat) = (lon.to_radians(), lat.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    };
    let (p, q) = (to_xyz(a), to_xyz(b));
    let dot = (p[0] * q[0] + p[1] * q[1] + p[2] * q[2]).clamp(-1.0, 1.0);
    let omega = dot.acos();
    let steps = steps.max(1);
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(steps + 1);
    for i in 0..=steps {
        let t = i as f64 / steps as f64;
        let (wa, wb) = if omega.abs() < 1e-9 {
            (1.0 - t, t)
        } else {
            (
                ((1.0 - t) * omega).sin() / omega.sin(),
                (t * omega).sin() / omega.sin(),
            )
        };
        let v = [
            wa * p[0] + wb * q[0],
            wa * p[1] + wb * q[1],
            wa * p[2] + wb * q[2],
        ];
        let lat = v[2].atan2((v[0] * v[0] + v[1] * v[1]).sqrt()).to_degrees();
        let mut lon = v[1].atan2(v[0]).to_degrees();
        if let Some(&(prev, _)) = out.last() {
            while lon - prev > 180.0 {
                lon -= 360.0;
            }
            while prev - lon > 180.0 {
                lon += 360.0;
            }
        }
        out.push((lon, lat));
    }
    out
}

/// Mercator x in [0, 1] for a longitude.
pub fn mercator_x(lon: f64) -> f64 {
    (lon + 180.0) / 360.0
}

/// Mercator y in [0, 1] (north at 0) for a latitude, clamped to the map's ±85.05°.
pub fn mercator_y(lat: f64) -> f64 {
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0
}

/// Latitude of a Mercator y in [0, 1].
pub fn inverse_mercator_y(y: f64) -> f64 {
    let n = std::f64::consts::PI * (1.0 - 2.0 * y);
    n.sinh().atan().to_degrees()
}

/// The centre (lon, lat) and zoom that show `bbox` inside a `width`×`height` viewport with
/// `padding` pixels on every side, capped at `max_zoom`.
pub fn fit(bbox: BBox, width: f64, height: f64, padding: f64, max_zoom: f64) -> ((f64, f64), f64) {
    let x0 = mercator_x(bbox.min_lon);
    let x1 = mercator_x(bbox.max_lon);
    let y0 = mercator_y(bbox.max_lat);
    let y1 = mercator_y(bbox.min_lat);
    let w = (width - 2.0 * padding).max(1.0);
    let h = (height - 2.0 * padding).max(1.0);
    let zx = if x1 > x0 {
        (w / ((x1 - x0) * TILE_SIZE)).log2()
    } else {
        max_zoom
    };
    let zy = if y1 > y0 {
        (h / ((y1 - y0) * TILE_SIZE)).log2()
    } else {
        max_zoom
    };
    let zoom = zx.min(zy).clamp(MIN_ZOOM, max_zoom);
    let center = (
        (bbox.min_lon + bbox.max_lon) / 2.0,
        inverse_mercator_y((y0 + y1) / 2.0),
    );
    (center, zoom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_round_trips() {
        for lat in [-80.0, -33.45, 0.0, 39.03, 60.0] {
            assert!((inverse_mercator_y(mercator_y(lat)) - lat).abs() < 1e-9);
        }
        assert!((mercator_x(0.0) - 0.5).abs() < 1e-12);
        assert!((mercator_y(0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn fitting_the_world_zooms_out_and_a_point_zooms_in() {
        let world = BBox {
            min_lon: -170.0,
            min_lat: -60.0,
            max_lon: 170.0,
            max_lat: 70.0,
        };
        let (_, z) = fit(world, 1024.0, 768.0, 20.0, 12.0);
        assert!((1.0..3.0).contains(&z), "{z}");
        let point = BBox {
            min_lon: 6.14,
            min_lat: 46.2,
            max_lon: 6.14,
            max_lat: 46.2,
        };
        let ((lon, lat), z) = fit(point, 800.0, 600.0, 20.0, 12.0);
        assert_eq!(z, 12.0);
        assert!((lon - 6.14).abs() < 1e-9 && (lat - 46.2).abs() < 1e-6);
    }

    #[test]
    fn the_fitted_box_is_inside_the_viewport() {
        // Beijing, Shenyang, Dandong.
        let b = BBox::around([(116.40, 39.91), (123.43, 41.79), (124.39, 40.13)]).expect("box");
        let (w, h, pad) = (900.0, 600.0, 40.0);
        let ((clon, clat), z) = fit(b, w, h, pad, 18.0);
        let scale = TILE_SIZE * 2f64.powf(z);
        let px = |lon: f64, lat: f64| {
            (
                (mercator_x(lon) - mercator_x(clon)) * scale + w / 2.0,
                (mercator_y(lat) - mercator_y(clat)) * scale + h / 2.0,
            )
        };
        for (lon, lat) in [(b.min_lon, b.min_lat), (b.max_lon, b.max_lat)] {
            let (x, y) = px(lon, lat);
            assert!(x >= pad - 1e-6 && x <= w - pad + 1e-6, "{x}");
            assert!(y >= pad - 1e-6 && y <= h - pad + 1e-6, "{y}");
        }
    }
}

#[cfg(test)]
mod great_circle_tests {
    use super::great_circle;

    #[test]
    fn a_great_circle_starts_and_ends_at_its_points_and_bends_poleward() {
        let (stockholm, tokyo) = ((18.07, 59.33), (139.69, 35.69));
        let arc = great_circle(stockholm, tokyo, 32);
        assert_eq!(arc.len(), 33);
        let (first, last) = (arc[0], arc[32]);
        assert!((first.0 - 18.07).abs() < 1e-9 && (first.1 - 59.33).abs() < 1e-9);
        assert!((last.0 - 139.69).abs() < 1e-9 && (last.1 - 35.69).abs() < 1e-9);
        // The shortest way goes far north of both.
        assert!(arc.iter().any(|p| p.1 > 65.0), "{arc:?}");
        // Across the antimeridian the longitudes run on.
        let arc = great_circle((170.0, 0.0), (-170.0, 0.0), 4);
        assert!(
            arc.windows(2).all(|w| (w[1].0 - w[0].0).abs() < 10.0),
            "{arc:?}"
        );
        assert!((arc[4].0 - 190.0).abs() < 1e-9);
        // One point: a line of one place.
        assert!(
            great_circle((1.0, 2.0), (1.0, 2.0), 3)
                .iter()
                .all(|p| (p.0 - 1.0).abs() < 1e-9)
        );
    }
}
