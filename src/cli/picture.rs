//! `diplomap render` and `diplomap animate`: the map of a year as SVG or PNG, the timeline
//! as a GIF (see the `diplomap-picture` crate).

use std::path::PathBuf;

use super::{CommandError, DataArg, load, resolve_names};
use crate::filter::Filter;
use crate::index::MissionIndex;
use crate::model::Dataset;
use crate::picture::{self, Animation, Picture, PictureError, View};

impl From<PictureError> for CommandError {
    fn from(e: PictureError) -> Self {
        CommandError(vec![e.to_string()])
    }
}

/// Options of `render` and `animate`.
#[derive(Debug, Clone)]
pub struct PictureOptions {
    pub data: DataArg,
    /// `render`: the year (default: this year).
    pub year: Option<i32>,
    /// `animate`: the years (default: the data's first year to this year).
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub fps: u32,
    /// Only these sending states (names or ISO codes); none: all.
    pub senders: Vec<String>,
    /// The view; none: fit the missions shown.
    pub center: Option<(f64, f64)>,
    pub zoom: Option<f64>,
    pub size: (u32, u32),
    pub dark: bool,
    pub output: PathBuf,
}

impl Default for PictureOptions {
    fn default() -> Self {
        PictureOptions {
            data: DataArg::default(),
            year: None,
            from: None,
            to: None,
            fps: 4,
            senders: Vec::new(),
            center: None,
            zoom: None,
            size: (1280, 800),
            dark: false,
            output: PathBuf::new(),
        }
    }
}

/// `WxH` → (W, H).
pub fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("\"{s}\" is no size: give WIDTHxHEIGHT, e.g. 1280x800"))?;
    let side = |v: &str| {
        v.trim()
            .parse::<u32>()
            .map_err(|_| format!("\"{s}\" is no size: give WIDTHxHEIGHT, e.g. 1280x800"))
    };
    Ok((side(w)?, side(h)?))
}

/// `LON,LAT` → (lon, lat).
pub fn parse_center(s: &str) -> Result<(f64, f64), String> {
    let bad = || format!("\"{s}\" is no place: give LON,LAT, e.g. 125.75,39.02");
    let (lon, lat) = s.split_once(',').ok_or_else(bad)?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    if lon.abs() <= 180.0 && lat.abs() <= 90.0 {
        Ok((lon, lat))
    } else {
        Err(bad())
    }
}

/// The data, the filter the options make (the senders), its index and a title.
struct Prepared {
    ds: Dataset,
    filter: Filter,
    index: MissionIndex,
    title: String,
}

fn prepare(o: &PictureOptions, animation: bool) -> Result<Prepared, CommandError> {
    picture::check_size(o.size.0, o.size.1)?;
    super::check_output(Some(&o.output), &o.data)?;
    // The output's kind first, before any data is read.
    match (picture::Format::of(&o.output)?, animation) {
        (picture::Format::Gif, false) => {
            return Err(PictureError::NotStill(o.output.clone()).into());
        }
        (picture::Format::Svg | picture::Format::Png, true) => {
            return Err(PictureError::NotGif(o.output.clone()).into());
        }
        _ => {}
    }
    let ds = load(&o.data)?;
    let senders = resolve_names(&ds, "sending state", &o.senders, |m| &m.sending_state)?;
    let filter = Filter {
        senders: senders.iter().cloned().collect(),
        ..Filter::default()
    };
    let index = MissionIndex::build(&ds.missions, &filter);
    let title = if senders.is_empty() {
        ds.name.clone()
    } else {
        format!("{} · {}", ds.name, senders.join(", "))
    };
    Ok(Prepared {
        ds,
        filter,
        index,
        title,
    })
}

/// The view the options ask for, or one that fits the missions shown in `years`.
fn view(o: &PictureOptions, p: &Prepared, years: std::ops::RangeInclusive<i32>) -> View {
    if let Some(center) = o.center {
        return View {
            center,
            zoom: o.zoom.unwrap_or(2.0),
        };
    }
    let mut filter = p.filter.matcher();
    let shown =
        p.ds.missions
            .iter()
            .filter(|m| years.clone().any(|y| filter.matches(m, y)))
            .map(|m| (m.lon(), m.lat()));
    let (w, h) = (f64::from(o.size.0), f64::from(o.size.1));
    match crate::view::BBox::around(shown) {
        Some(b) => {
            let (center, zoom) = crate::view::fit(b, w, h, 60.0, 10.0);
            View {
                center,
                zoom: o.zoom.unwrap_or(zoom),
            }
        }
        None => View {
            center: (10.0, 20.0),
            zoom: o.zoom.unwrap_or(1.0),
        },
    }
}

/// `diplomap render`: the map of a year as SVG or PNG.
pub fn run_render(o: &PictureOptions) -> Result<Vec<String>, CommandError> {
    let p = prepare(o, false)?;
    let year = o.year.unwrap_or_else(crate::app::current_year);
    if !crate::data::YEAR_RANGE.contains(&year) {
        return Err(CommandError(vec![format!("{year} is no year a map shows")]));
    }
    let credit = picture::short_credit(&p.ds.source);
    let compare = crate::symbol::compare_colors(&p.filter.senders);
    let overlays = picture::Overlays {
        caption: picture::caption(&p.filter, &p.ds.missions),
        ..Default::default()
    };
    let scene = picture::scene(&Picture {
        missions: &p.ds.missions,
        index: &p.index,
        year,
        view: view(o, &p, year..=year),
        size: o.size,
        dark: o.dark,
        title: &p.title,
        credit: &credit,
        chart: None,
        compare: compare.as_deref(),
        overlays: Some(&overlays),
    });
    picture::write_picture(&scene, &o.output)?;
    Ok(vec![format!("wrote {}", o.output.display())])
}

/// `diplomap animate`: one frame per year as a GIF, with progress on standard error.
pub fn run_animate(o: &PictureOptions) -> Result<Vec<String>, CommandError> {
    let p = prepare(o, true)?;
    let first =
        p.ds.missions
            .iter()
            .filter_map(|m| m.opened)
            .min()
            .unwrap_or(crate::timeline::FIRST_YEAR)
            .max(crate::timeline::FIRST_YEAR);
    let from = o.from.unwrap_or(first);
    let to = o.to.unwrap_or_else(crate::app::current_year);
    picture::check_years(from, to)?;
    let chart = picture::closures_per_year(&p.ds.missions, &p.filter, from, to);
    let compare = crate::symbol::compare_colors(&p.filter.senders);
    let credit = picture::short_credit(&p.ds.source);
    let overlays = picture::Overlays {
        caption: picture::caption(&p.filter, &p.ds.missions),
        ..Default::default()
    };
    let a = Animation {
        frame: Picture {
            missions: &p.ds.missions,
            index: &p.index,
            year: from,
            view: view(o, &p, from..=to),
            size: o.size,
            dark: o.dark,
            title: &p.title,
            credit: &credit,
            chart: Some(picture::Chart {
                first_year: from,
                closures: &chart,
            }),
            compare: compare.as_deref(),
            overlays: Some(&overlays),
        },
        years: from..=to,
        fps: o.fps,
    };
    let mut err = std::io::stderr();
    let n = picture::write_gif(&a, &o.output, &mut |done, total| {
        use std::io::Write;
        let _ = write!(err, "\rframe {done} of {total}");
        if done == total {
            let _ = writeln!(err);
        }
        true
    })?;
    Ok(vec![format!("wrote {} ({n} frames)", o.output.display())])
}
