//! Where the map looks: walkers' [`MapMemory`], the flight towards a new view, and where
//! the map was last drawn (for fitting views to it).

use walkers::{MapMemory, lon_lat};

use crate::view::{self, BBox};

/// A map animation towards a target view (lon, lat, zoom).
#[derive(Debug, Clone, Copy)]
struct Flight {
    from: (f64, f64, f64),
    to: (f64, f64, f64),
    start: f64,
    duration: f64,
}

/// The map's view.
pub struct Camera {
    /// walkers' state; the map widget changes it as the user drags and zooms.
    memory: MapMemory,
    /// Where the map starts, for walkers' "my position" (the view is always detached).
    home: (f64, f64),
    flight: Option<Flight>,
    /// Where the map was last drawn, in points.
    rect: egui::Rect,
}

impl Camera {
    pub fn new(center: (f64, f64), zoom: f64) -> Self {
        let mut memory = MapMemory::default();
        memory.center_at(lon_lat(center.0, center.1));
        // Cannot fail: the zoom is clamped to the range walkers accepts.
        let _ = memory.set_zoom(zoom.clamp(view::MIN_ZOOM, view::MAX_ZOOM));
        Camera {
            memory,
            home: center,
            flight: None,
            rect: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
        }
    }

    /// The centre of the view (lon, lat).
    pub fn center(&self) -> (f64, f64) {
        self.memory.detached().map_or(self.home, |p| (p.x(), p.y()))
    }

    pub fn zoom(&self) -> f64 {
        self.memory.zoom()
    }

    pub fn home(&self) -> (f64, f64) {
        self.home
    }

    pub fn rect(&self) -> egui::Rect {
        self.rect
    }

    pub fn set_rect(&mut self, rect: egui::Rect) {
        self.rect = rect;
    }

    pub fn is_flying(&self) -> bool {
        self.flight.is_some()
    }

    /// For the map widget (walkers needs it mutable).
    pub fn memory_mut(&mut self) -> &mut MapMemory {
        &mut self.memory
    }

    pub fn stop(&mut self) {
        self.flight = None;
    }

    /// Moves to (lon, lat, zoom): at once with reduced motion, else in half a second.
    pub fn fly_to(&mut self, ctx: &egui::Context, to: (f64, f64, f64)) {
        let (lon, lat) = self.center();
        let from = (lon, lat, self.memory.zoom());
        let reduce_motion = ctx.global_style().animation_time <= 0.0;
        if reduce_motion {
            self.set_view(to);
            self.flight = None;
        } else {
            self.flight = Some(Flight {
                from,
                to,
                start: ctx.input(|i| i.time),
                duration: 0.5,
            });
        }
        ctx.request_repaint();
    }

    /// One zoom step in or out (`delta` ±1), to a whole zoom level.
    pub fn zoom_by(&mut self, ctx: &egui::Context, delta: f64) {
        let z = (self.memory.zoom() + delta).clamp(view::MIN_ZOOM, view::MAX_ZOOM);
        let (lon, lat) = self.center();
        self.fly_to(ctx, (lon, lat, z.round()));
    }

    /// Flies so that `points` (lon, lat) fill the map, up to zoom 12; nothing for none.
    pub fn fit(&mut self, ctx: &egui::Context, points: impl Iterator<Item = (f64, f64)>) {
        let Some(bbox) = BBox::around(points) else {
            return;
        };
        let r = self.rect;
        let ((lon, lat), zoom) = view::fit(
            bbox,
            f64::from(r.width()),
            f64::from(r.height()),
            48.0,
            12.0,
        );
        self.fly_to(ctx, (lon, lat, zoom));
    }

    fn set_view(&mut self, (lon, lat, zoom): (f64, f64, f64)) {
        self.memory.center_at(lon_lat(lon, lat));
        // Cannot fail: the zoom is clamped to the range walkers accepts.
        let _ = self
            .memory
            .set_zoom(zoom.clamp(view::MIN_ZOOM, view::MAX_ZOOM));
    }

    /// Moves a flight on by the frame's time.
    pub fn advance(&mut self, ctx: &egui::Context) {
        let Some(f) = self.flight else {
            return;
        };
        let now = ctx.input(|i| i.time);
        let t = ((now - f.start) / f.duration).clamp(0.0, 1.0);
        let e = 1.0 - (1.0 - t).powi(3);
        let (x0, y0) = (view::mercator_x(f.from.0), view::mercator_y(f.from.1));
        let (x1, y1) = (view::mercator_x(f.to.0), view::mercator_y(f.to.1));
        let x = x0 + (x1 - x0) * e;
        let y = y0 + (y1 - y0) * e;
        let z = f.from.2 + (f.to.2 - f.from.2) * e;
        self.set_view((x * 360.0 - 180.0, view::inverse_mercator_y(y), z));
        if t >= 1.0 {
            self.flight = None;
        } else {
            ctx.request_repaint();
        }
    }
}
