//! The timeline: play/pause, the year slider, the speed, the year's summary and the
//! closures-per-year chart.

use egui::{RichText, Ui};

use super::ViewCtx;
use crate::app::actions::Action;
use crate::app::command::{Command, PlaybackCmd, ViewCmd};
use crate::app::style;
use crate::app::view_model::Derived;
use crate::timeline::TimelineState;

pub fn ui(ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    let year = cx.state.year;
    let (first, last) = (cx.view.first_year(), cx.view.last_year());
    ui.horizontal(|ui| {
        let play_label = if cx.playing { "⏸ Pause" } else { "▶ Play" };
        Action::PlayPause.button_labelled(ui, play_label, true, out);
        Action::PreviousYear.button(ui, out);
        let mut y = year;
        let slider = egui::Slider::new(&mut y, first..=last)
            .text("Year")
            .clamping(egui::SliderClamping::Always)
            .step_by(1.0)
            .integer();
        ui.spacing_mut().slider_width = (ui.available_width() - 330.0).max(200.0);
        if ui.add(slider).changed() {
            out.push(ViewCmd::SetYear(y).into());
        }
        Action::NextYear.button(ui, out);
        let speed = cx.state.play_speed;
        egui::ComboBox::new("speed", "Speed")
            .selected_text(format!("{speed} years/s"))
            .width(100.0)
            .show_ui(ui, |ui| {
                for s in [0.5f32, 1.0, 2.0, 4.0, 8.0] {
                    if ui
                        .selectable_label(speed == s, format!("{s} years/s"))
                        .clicked()
                    {
                        out.push(PlaybackCmd::SetSpeed(s).into());
                    }
                }
            });
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(cx.derived.summary.sentence()).strong());
        if let Some(a) = cx.view.as_of() {
            ui.label(RichText::new(format!("· data as of {}", a.year)).weak())
                .on_hover_text(format!(
                    "The timeline ends at the data set's date: {} ({}). A mission with no recorded opening is drawn as a ring, \"may be open\", in the years no source shows it open.",
                    a.note, a.year
                ));
        }
    });
    // Comparing senders: how many each has on the map this year, in its colour.
    if let Some(senders) = crate::symbol::compare_colors(&cx.state.filter.senders) {
        ui.horizontal_wrapped(|ui| {
            for (name, [r, g, b, _]) in &senders {
                let n = cx.derived.facets.senders.get(name).copied().unwrap_or(0);
                ui.label(
                    RichText::new(format!("{name} {n}"))
                        .strong()
                        .color(egui::Color32::from_rgb(*r, *g, *b)),
                );
            }
        });
    }
    closure_chart(ui, cx.derived, year, (first, last), out, cx.state.counting);
}

/// The chart's years across its width: the slider's range, so that its cursor stands
/// where the slider's year is, whatever the data set's first year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ChartAxis {
    pub first: i32,
    pub last: i32,
    pub left: f32,
    pub width: f32,
}

impl ChartAxis {
    /// One year's width.
    pub fn bar_w(&self) -> f32 {
        self.width / (self.last - self.first + 1).max(1) as f32
    }

    /// Where year `y` begins.
    pub fn x_of(&self, y: i32) -> f32 {
        self.left + (y - self.first) as f32 * self.bar_w()
    }

    /// The year under `x` (within the axis).
    pub fn year_at(&self, x: f32) -> i32 {
        let y = self.first + ((x - self.left) / self.bar_w()).floor() as i32;
        y.clamp(self.first, self.last)
    }
}

/// Closures per year as bars, the current year marked; clicking or dragging sets the year.
/// Its axis is the slider's range (the timeline's first year to its last).
fn closure_chart(
    ui: &mut Ui,
    d: &Derived,
    year: i32,
    (timeline_first, last): (i32, i32),
    out: &mut Vec<Command>,
    counting: crate::senders::Counting,
) {
    let first = timeline_first;
    let h = ui.available_height().clamp(40.0, 120.0);
    let (rect, resp) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), h),
        egui::Sense::click_and_drag(),
    );
    let resp = resp.on_hover_text(if counting.all_posts {
        "The shown missions' posts of every kind through the years. Click to set the year."
    } else {
        "The shown missions' diplomatic and consular posts through the years (honorary posts and trade offices left out, as indexes of diplomatic networks count; the ranking's switch counts them). Click to set the year."
    });
    let total: usize = d.closures.iter().map(|(_, n)| n).sum();
    // The network through time: known open (open or closing: a line) and may be open (a
    // band above it), on their own scale; the closures' bars below take the lower half.
    let known = |c: &crate::index::StateCounts| c[TimelineState::Open] + c[TimelineState::Closing];
    let n_this = d
        .closures
        .iter()
        .find(|(y, _)| *y == year)
        .map_or(0, |(_, n)| *n);
    let (k_this, m_this) = d
        .through_time
        .iter()
        .find(|(y, _)| *y == year)
        .map_or((0, 0), |(_, c)| (known(c), c[TimelineState::MayBeOpen]));
    // Honorary posts left out, the numbers say what they count.
    let posts = if counting.all_posts {
        "posts of every kind"
    } else {
        "diplomatic and consular posts"
    };
    let this_year =
        format!("{year} — {k_this} operating, {m_this} may be, {n_this} closing ({posts})");
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Figure,
            true,
            format!(
                "Network through time chart ({first}–{last}), operating, may be open and {total} closures per year; {this_year}"
            ),
        )
    });
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    let axis = ChartAxis {
        first,
        last,
        left: rect.left(),
        width: rect.width(),
    };
    let max = d.closures.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f32;
    let bar_w = axis.bar_w();
    let x_of = |y: i32| axis.x_of(y);
    let base = rect.bottom() - 14.0;
    let plot_h = base - rect.top() - 14.0;
    let closing = style::state_color(TimelineState::Closing, visuals.dark_mode);
    let top_n = d
        .through_time
        .iter()
        .filter(|(y, _)| *y >= first)
        .map(|(_, c)| known(c) + c[TimelineState::MayBeOpen])
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    let open_c = style::state_color(TimelineState::Open, visuals.dark_mode);
    let level = |n: u32| base - plot_h * n as f32 / top_n;
    let mut line = Vec::new();
    for (y, c) in d.through_time.iter().filter(|(y, _)| *y >= first) {
        let (k, m) = (known(c), c[TimelineState::MayBeOpen]);
        let (x0, x1) = (x_of(*y), x_of(*y) + bar_w);
        if m > 0 {
            painter.rect_filled(
                egui::Rect::from_min_max(egui::pos2(x0, level(k + m)), egui::pos2(x1, level(k))),
                0.0,
                open_c.gamma_multiply(0.28),
            );
        }
        line.push(egui::pos2(x0, level(k)));
        line.push(egui::pos2(x1, level(k)));
    }
    painter.add(egui::Shape::line(line, egui::Stroke::new(1.5, open_c)));
    let max = max / 0.5;
    for &(y, n) in &d.closures {
        if n == 0 || y < first {
            continue;
        }
        let bh = plot_h * n as f32 / max;
        // Comparing senders: the bar stacked by sender, in their colours (the year's own
        // bar keeps an outline in the closing colour).
        if !d.closures_by_sender.is_empty() {
            let mut top = base;
            for (col, by_year) in &d.closures_by_sender {
                let k = by_year.get(&y).copied().unwrap_or(0);
                if k == 0 {
                    continue;
                }
                let h = plot_h * k as f32 / max;
                let [r, g, b, _] = *col;
                painter.rect_filled(
                    egui::Rect::from_min_max(
                        egui::pos2(x_of(y) + 0.5, top - h),
                        egui::pos2(x_of(y) + bar_w - 0.5, top),
                    ),
                    0.0,
                    egui::Color32::from_rgb(r, g, b),
                );
                top -= h;
            }
            if y == year {
                painter.rect_stroke(
                    egui::Rect::from_min_max(
                        egui::pos2(x_of(y), base - bh - 1.0),
                        egui::pos2(x_of(y) + bar_w, base),
                    ),
                    0.0,
                    egui::Stroke::new(1.5, closing),
                    egui::StrokeKind::Outside,
                );
            }
            continue;
        }
        let r = egui::Rect::from_min_max(
            egui::pos2(x_of(y) + 0.5, base - bh),
            egui::pos2(x_of(y) + bar_w - 0.5, base),
        );
        painter.rect_filled(
            r,
            0.0,
            if y == year {
                closing
            } else {
                visuals.weak_text_color()
            },
        );
    }
    // Decade ticks, or wider ones on a long timeline (labels some 60 points apart at least).
    let span = (last - first).max(1);
    let step = [10, 25, 50, 100, 200]
        .into_iter()
        .find(|s| rect.width() / span as f32 * *s as f32 >= 60.0)
        .unwrap_or(500);
    let mut y = first + (step - first.rem_euclid(step)) % step;
    while y <= last {
        painter.text(
            egui::pos2(x_of(y), rect.bottom() - 1.0),
            egui::Align2::LEFT_BOTTOM,
            y.to_string(),
            egui::FontId::proportional(10.0),
            visuals.weak_text_color(),
        );
        y += step;
    }
    let x = x_of(year.clamp(first, last)) + bar_w / 2.0;
    painter.line_segment(
        [egui::pos2(x, rect.top()), egui::pos2(x, base)],
        egui::Stroke::new(2.0, closing),
    );
    let (label_x, align) = if x > rect.right() - 120.0 {
        (x - 4.0, egui::Align2::RIGHT_TOP)
    } else {
        (x + 4.0, egui::Align2::LEFT_TOP)
    };
    painter.text(
        egui::pos2(label_x, rect.top() + 2.0),
        align,
        this_year,
        egui::FontId::proportional(11.0),
        visuals.text_color(),
    );
    if (resp.clicked() || resp.dragged())
        && let Some(p) = resp.interact_pointer_pos()
    {
        let y = axis.year_at(p.x);
        if y != year {
            out.push(ViewCmd::SetYear(y).into());
        }
    }
    resp.on_hover_text(
        "Of the missions passing the filters: how many are known open each year (the line), how many more may be (the pale band above it; no source shows them open then), and the closures per year (bars). Click to go to a year.",
    );
}
