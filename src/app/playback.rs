//! Playing the timeline: a year per step, at the user's speed (years per second).

/// Whether the timeline plays, and when it last stepped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Playback {
    playing: bool,
    /// The app's clock (seconds) at the last step.
    clock: f64,
}

/// The slowest and fastest speeds, in years per second.
pub const SPEEDS: std::ops::RangeInclusive<f32> = 0.25..=20.0;

impl Playback {
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Starts or stops. Starting at the last year starts again from the first; returns the
    /// year to show.
    pub fn toggle(&mut self, now: f64, year: i32, (first, last): (i32, i32)) -> i32 {
        self.playing = !self.playing;
        self.clock = now;
        if self.playing && year >= last {
            first
        } else {
            year
        }
    }

    /// Steps the year when its time has come; stops at `last_year`. Returns the new year
    /// when it changed, and asks for the frame of the next step.
    pub fn advance(
        &mut self,
        ctx: &egui::Context,
        speed: f32,
        year: i32,
        last_year: i32,
    ) -> Option<i32> {
        if !self.playing {
            return None;
        }
        let now = ctx.input(|i| i.time);
        let step = 1.0 / f64::from(speed.clamp(*SPEEDS.start(), *SPEEDS.end()));
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(step / 4.0));
        if now - self.clock < step {
            return None;
        }
        // The next step is due a step after this one was, not after the frame that made
        // it: at 60 frames a second, 8 years a second stay 8 (not 7.5, a step every 8
        // frames). After a long pause (a hidden window), the beat starts anew.
        self.clock = if now - self.clock < 2.0 * step {
            self.clock + step
        } else {
            now
        };
        if year >= last_year {
            self.playing = false;
            None
        } else {
            Some(year + 1)
        }
    }
}
