//! Applying commands: the one place where the app's parts change. Each command is applied
//! once; none queues another (a fit after loading data is a call, not a command).

use std::path::{Path, PathBuf};

use super::DiplomapApp;
use super::command::{BasemapCmd, CameraCmd, Command, FileCmd, PlaybackCmd, UiCmd, ViewCmd};
use super::loading::{self, LoadResult, Loading, Polled};
use super::notices::Severity;
use super::picture_job::{Frames, PictureJob, PictureRequest};
use super::playback::SPEEDS;
use super::windows::{TableReport, WindowKind, export::suggested_name, plural, run_gui_import};
use crate::data::{self, FileKind, OpenOptions};
use crate::export::{self, Format};
use crate::filter::Filter;
use crate::model::Mission;

impl DiplomapApp {
    /// Applies every queued command, in order.
    pub(super) fn apply_pending(&mut self, ctx: &egui::Context) {
        for c in std::mem::take(&mut self.pending) {
            self.apply(ctx, c);
        }
    }

    /// Applies one command.
    pub fn apply(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::View(v) => self.apply_view(v),
            Command::Camera(c) => self.apply_camera(ctx, c),
            Command::Playback(PlaybackCmd::Toggle) => {
                let now = ctx.input(|i| i.time);
                let range = (self.view.first_year(), self.view.last_year());
                let year = self.playback.toggle(now, self.state.year, range);
                self.set_year(year);
            }
            Command::Playback(PlaybackCmd::SetSpeed(s)) => {
                self.state.play_speed = s.clamp(*SPEEDS.start(), *SPEEDS.end());
            }
            Command::Ui(u) => self.apply_ui(ctx, u),
            Command::File(f) => self.apply_file(ctx, f),
            Command::Basemap(BasemapCmd::SetProvider(p)) => {
                match self.tiles.set_provider(&p) {
                    Ok(()) => self.state.provider = p,
                    Err(e) => self.notices.notify(Severity::Error, e.to_string()),
                }
                self.runtime.offline = false;
            }
            Command::Basemap(BasemapCmd::Retry) => self.tiles.retry(),
            Command::Basemap(BasemapCmd::SetContact(c)) => {
                if super::tiles::valid_contact(&c) {
                    self.tiles.set_contact(&c);
                    self.state.tile_contact = c.trim().to_owned();
                } else {
                    self.notices.notify(
                        Severity::Error,
                        format!("\"{c}\" cannot be sent to tile servers: use plain letters, digits and punctuation (an e-mail address or a web page)."),
                    );
                }
            }
        }
    }

    fn apply_view(&mut self, v: ViewCmd) {
        let (first, last) = (self.view.first_year(), self.view.last_year());
        match v {
            ViewCmd::Select(sel) => {
                self.view.select(sel);
                self.requests.scroll_to_selection = true;
                // Who is here looks at the selected mission's city.
                if self.windows.is_open(WindowKind::Host)
                    && let Some(m) = self.view.selected_mission()
                {
                    self.windows.host.country = m.country.to_string();
                    self.windows.host.city = Some(m.city.to_string());
                }
            }
            ViewCmd::SetYear(y) => self.set_year(y.clamp(first, last)),
            ViewCmd::StepYear(d) => {
                self.set_year(self.state.year.saturating_add(d).clamp(first, last))
            }
            ViewCmd::SetChange(years) => self.view.set_change(years),
            ViewCmd::SetChangeListOnly(on) => self.view.set_change_list_only(on),
            ViewCmd::SetCoverage(sender) => self.view.set_coverage(sender),
            ViewCmd::SetCounting(c) => self.state.counting = c,
            ViewCmd::MapClicked(lon, lat) => {
                if self.windows.is_open(WindowKind::Host)
                    && let Some(key) = crate::app::map::country_at(lon, lat)
                {
                    // The data set's own name for that country, else the gazetteer's.
                    let gaz = crate::gazetteer::Gazetteer::embedded();
                    let name = self
                        .view
                        .missions()
                        .iter()
                        .find(|m| crate::network::country_key(gaz, &m.country_code) == key)
                        .map(|m| m.country.to_string())
                        .or_else(|| gaz.country(key).map(|c| c.name.clone()));
                    if let Some(name) = name {
                        self.windows.host.country = name;
                        self.windows.host.city = None;
                    }
                }
            }
            ViewCmd::SetFilter(f) => {
                self.state.filter = f;
                self.view.expanded = None;
            }
            ViewCmd::ToggleState(s) => {
                let hidden = &mut self.state.filter.hidden_states;
                if !hidden.remove(&s) {
                    hidden.insert(s);
                }
                self.view.expanded = None;
            }
            ViewCmd::ResetFilters => {
                // Everything shown again, and every layer drawn over the map taken away
                // (the coverage and change windows stay, their boxes unticked).
                self.state.filter = Filter::default();
                self.view.expanded = None;
                self.view.set_coverage(None);
                self.view.set_change(None);
                self.state.show_network_lines = false;
            }
            ViewCmd::SetSort(k) => {
                if self.state.sort == k {
                    self.state.sort_descending = !self.state.sort_descending;
                } else {
                    self.state.sort = k;
                    self.state.sort_descending = false;
                }
            }
            ViewCmd::Expand(members) => {
                // A cluster of one city: Who is here looks there.
                let missions = self.view.missions();
                let first = members.first().and_then(|&i| missions.get(i));
                if self.windows.is_open(WindowKind::Host)
                    && let Some(f) = first
                    && members
                        .iter()
                        .filter_map(|&i| missions.get(i))
                        .all(|m| m.city == f.city && m.country == f.country)
                {
                    self.windows.host.country = f.country.to_string();
                    self.windows.host.city = Some(f.city.to_string());
                }
                self.view.expanded = Some(members);
            }
            ViewCmd::Collapse => self.view.expanded = None,
        }
    }

    fn set_year(&mut self, y: i32) {
        if y != self.state.year {
            self.state.year = y;
            self.view.expanded = None;
        }
    }

    fn apply_camera(&mut self, ctx: &egui::Context, c: CameraCmd) {
        match c {
            CameraCmd::ZoomIn => self.camera.zoom_by(ctx, 1.0),
            CameraCmd::ZoomOut => self.camera.zoom_by(ctx, -1.0),
            CameraCmd::FitAll => self.fit_all(ctx),
            CameraCmd::ZoomTo(members) => self.fit_missions(ctx, &members),
            CameraCmd::ShowMission(i) => {
                if let Some(m) = self.view.missions().get(i) {
                    let target = (m.lon(), m.lat(), self.camera.zoom().max(5.0));
                    self.camera.fly_to(ctx, target);
                }
            }
            CameraCmd::Stop => self.camera.stop(),
            CameraCmd::SetRect(r) => self.camera.set_rect(r),
        }
    }

    /// Flies to every mission shown now.
    fn fit_all(&mut self, ctx: &egui::Context) {
        self.view.refresh(&self.state);
        let visible = self.view.visible(self.state.year);
        self.fit_missions(ctx, &visible);
    }

    fn fit_missions(&mut self, ctx: &egui::Context, members: &[usize]) {
        let missions = self.view.missions();
        let points = members
            .iter()
            .filter_map(|&i| missions.get(i))
            .map(|m| (m.lon(), m.lat()));
        self.camera.fit(ctx, points);
        self.view.expanded = None;
    }

    fn apply_ui(&mut self, ctx: &egui::Context, u: UiCmd) {
        match u {
            UiCmd::ShowWindow(w, open) => self.show_window(w, open),
            UiCmd::TogglePanel(p) => {
                let flag = self.state.panel_mut(p);
                *flag = !*flag;
            }
            UiCmd::SetPanelSize(edge, size) => self.state.panel_sizes.set(edge, size),
            UiCmd::ToggleColumn(key) => {
                let hidden = &mut self.state.hidden_columns;
                if let Some(at) = hidden.iter().position(|&k| k == key) {
                    hidden.remove(at);
                } else {
                    hidden.push(key);
                }
            }
            UiCmd::FocusSearch => {
                self.state.show_filters = true;
                self.requests.focus_search = true;
            }
            UiCmd::DismissNotice(i) => self.notices.dismiss(i),
            UiCmd::Dismiss => match self.windows.front(ctx) {
                Some(w) => self.show_window(w, false),
                None => {
                    for c in super::actions::Action::ClearSelection.commands() {
                        self.apply(ctx, c);
                    }
                }
            },
            UiCmd::SetTheme(t) => {
                self.state.theme = t;
                ctx.set_theme(t.preference());
            }
            UiCmd::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn apply_file(&mut self, ctx: &egui::Context, f: FileCmd) {
        match f {
            FileCmd::Open(path) => self.open_file(ctx, path),
            FileCmd::OpenTable { path, open } => self.open_data(ctx, path, open),
            FileCmd::ExportPicture { path, size, frames } => {
                self.export_picture(ctx, path, size, frames);
            }
            FileCmd::CancelPicture => {
                if let Some((job, _)) = &self.picture {
                    job.cancel();
                }
            }
            FileCmd::OpenBuiltin(b) => self.open_builtin(ctx, b),
            FileCmd::Export { format, path } => self.export_view(format, &path),
            FileCmd::ExportRanking(path) => self.export_ranking(&path),
            FileCmd::SetExportFormat(format) => {
                self.state.export_format = format;
                self.windows.export.name = suggested_name(self.state.year, format);
            }
            FileCmd::RunImport {
                path,
                sender,
                strict,
            } => {
                self.windows.import.result = Some(run_gui_import(&path, &sender, strict));
            }
            FileCmd::UseImport => {
                let imported = self.windows.import.result.as_ref().and_then(|r| {
                    let ds = r.dataset()?;
                    Some((ds, r.source.display().to_string()))
                });
                if let Some((ds, from)) = imported {
                    let n = ds.missions.len();
                    self.set_dataset(ds, None);
                    self.notices.notify(
                        Severity::Info,
                        format!("Showing {n} missions imported from {from} (not saved yet)."),
                    );
                    self.fit_all(ctx);
                }
            }
            FileCmd::SaveImport(path) => {
                let Some(ds) = self
                    .windows
                    .import
                    .result
                    .as_ref()
                    .and_then(|r| r.dataset())
                else {
                    return;
                };
                match data::save_file(&ds, &path) {
                    Ok(()) => self.notices.notify(
                        Severity::Info,
                        format!(
                            "Saved {} missions to {}.",
                            ds.missions.len(),
                            path.display()
                        ),
                    ),
                    Err(e) => self.notices.notify(
                        Severity::Error,
                        format!("{e}\nNothing was written; any old file is unchanged."),
                    ),
                }
            }
        }
    }

    /// Opens or closes a window (an opening one prepares itself from the state and the
    /// timeline's years).
    /// Opens or closes a window. A window that draws a layer on the map (coverage, the
    /// change rings) opens with it drawn for a sensible default, and takes it away when
    /// it closes: no layer stays on the map without its window or its legend entry.
    pub(super) fn show_window(&mut self, w: WindowKind, open: bool) {
        let years = (self.view.first_year(), self.view.last_year());
        let was_open = self.windows.is_open(w);
        self.windows.set_open(w, open, &self.state, years);
        match (w, open) {
            (WindowKind::Coverage, false) => self.view.set_coverage(None),
            (WindowKind::Change, false) => self.view.set_change(None),
            (WindowKind::Coverage, true) if !was_open => {
                if let Some(sender) = self.default_sender() {
                    self.windows.coverage.sender = sender.clone();
                    self.view.set_coverage(Some(sender));
                }
            }
            (WindowKind::Change, true) if !was_open => {
                // The last two years of the timeline.
                let (first, last) = years;
                let from = (last - 2).max(first);
                if from < last {
                    (self.windows.change.from, self.windows.change.to) = (from, last);
                    self.view.set_change(Some((from, last)));
                }
            }
            _ => {}
        }
    }

    /// The sender a window about one sender starts with: the selected mission's, else the
    /// first compared one, else the data set's own state, else the one with most missions.
    fn default_sender(&self) -> Option<String> {
        let missions = self.view.missions();
        if let Some(m) = self.view.selected_mission() {
            return Some(m.sending_state.to_string());
        }
        if let Some(s) = self.state.filter.senders.iter().next() {
            return Some(s.clone());
        }
        if let Some(f) = self.view.dataset().focus.as_deref()
            && missions.iter().any(|m| *m.sending_state == *f)
        {
            return Some(f.to_owned());
        }
        let mut n: std::collections::HashMap<&str, usize> = Default::default();
        for m in missions {
            *n.entry(&m.sending_state).or_default() += 1;
        }
        n.into_iter()
            .max_by_key(|(s, k)| (*k, std::cmp::Reverse(*s)))
            .map(|(s, _)| s.to_owned())
    }

    /// Opens what the user chose or dropped: a data file at once; a table (or GeoJSON) in
    /// the table window, with its remembered columns, to check them first.
    pub(super) fn open_file(&mut self, ctx: &egui::Context, path: PathBuf) {
        if let Some(b) = crate::data::Builtin::named(&path) {
            self.open_builtin(ctx, b);
            return;
        }
        match FileKind::of(&path) {
            FileKind::Data => self.open_data(ctx, path, OpenOptions::default()),
            FileKind::Table | FileKind::GeoJson => {
                let remembered = self.state.mapping_for(&path).cloned();
                self.windows
                    .table
                    .prepare(&path, remembered.as_ref(), self.state.table_strict);
                self.show_window(WindowKind::Open, false);
                self.show_window(WindowKind::Table, true);
            }
        }
    }

    /// Opens a file with `opts`: small ones at once, big ones on a worker thread (with
    /// the index and the list order built there too) while the app stays usable with the
    /// current data.
    pub(super) fn open_data(&mut self, ctx: &egui::Context, path: PathBuf, opts: OpenOptions) {
        if FileKind::of(&path) != FileKind::Data {
            self.state.table_strict = opts.strict;
        }
        if !loading::loads_in_background(&path) {
            let result = loading::load_now(&path, &opts, &self.state.filter);
            self.finish_loading(ctx, path, opts, result);
            return;
        }
        let order = (self.state.sort, self.state.year);
        match Loading::start(ctx, path.clone(), opts, self.state.filter.clone(), order) {
            Ok(l) => {
                self.show_window(WindowKind::Open, false);
                self.loading = Some(l);
            }
            Err(e) => self.notices.notify(
                Severity::Error,
                format!("Cannot start loading {}: {e}", path.display()),
            ),
        }
    }

    /// Shows a built-in data set and remembers the choice.
    pub(super) fn open_builtin(&mut self, ctx: &egui::Context, b: crate::data::Builtin) {
        match b.load() {
            Ok(ds) => {
                self.state.builtin = b;
                self.set_dataset(ds, None);
                self.fit_all(ctx);
            }
            Err(e) => self.notices.notify(
                Severity::Error,
                format!("The built-in data set is broken: {e}"),
            ),
        }
    }

    /// Takes a finished background load, if any.
    pub(super) fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(l) = &self.loading else {
            return;
        };
        if self.runtime.hold_loads {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        }
        match l.poll() {
            Polled::Pending => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Polled::Done(path, opts, result) => {
                self.loading = None;
                self.finish_loading(ctx, path, opts, *result);
            }
            Polled::Lost(path) => {
                self.loading = None;
                self.notices.notify(
                    Severity::Error,
                    format!(
                        "Loading {} stopped unexpectedly; the current data stays loaded.",
                        path.display()
                    ),
                );
            }
        }
    }

    /// Shows a loaded file, or says why it is not shown. A table's columns are
    /// remembered for it; its problems are listed in the table window.
    pub(super) fn finish_loading(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        opts: OpenOptions,
        result: LoadResult,
    ) {
        ctx.request_repaint();
        let table = FileKind::of(&path) != FileKind::Data;
        match result {
            Ok((mut p, report)) => {
                // The filter may have changed while the file loaded.
                if p.filter != self.state.filter {
                    p.index.set_filter(&p.dataset.missions, &self.state.filter);
                    p.filter = self.state.filter.clone();
                }
                let n = p.dataset.missions.len();
                self.view.install(p, Some(path.clone()));
                self.keep_year_on_the_timeline();
                self.show_window(WindowKind::Open, false);
                if table {
                    self.state.remember_mapping(&path, opts.mapping.clone());
                }
                for w in &report.warnings {
                    self.notices.notify(Severity::Warning, w.to_string());
                }
                if report.skipped_rows == 0 {
                    self.show_window(WindowKind::Table, false);
                    self.notices.notify(
                        Severity::Info,
                        format!("Opened {} ({n} missions).", path.display()),
                    );
                } else {
                    self.notices.notify(
                        Severity::Warning,
                        format!(
                            "Opened {} ({n} missions); {} skipped: see the list in the Open table window.",
                            path.display(),
                            plural(report.skipped_rows, "row", "rows")
                        ),
                    );
                    self.show_table_report(
                        &path,
                        &opts,
                        TableReport::opened(
                            n,
                            &report.skipped,
                            report.skipped_rows,
                            &report.warnings,
                        ),
                    );
                }
                self.fit_all(ctx);
            }
            Err(e) => {
                let problems = e.problems();
                if table {
                    // The table window lists them; the notice says where.
                    self.notices.notify(
                        Severity::Error,
                        format!(
                            "Nothing opened from {}: {}, listed in the Open table window. The current data stays loaded.",
                            path.display(),
                            plural(problems.len(), "problem", "problems")
                        ),
                    );
                    self.show_table_report(&path, &opts, TableReport::refused(problems));
                } else {
                    self.notices.notify(
                        Severity::Error,
                        format!("{}\nThe current data stays loaded.", problems.join("\n")),
                    );
                }
            }
        }
    }

    /// The table window with the report of an open, preparing it when it shows another
    /// table (opened with `--data`, or dropped).
    fn show_table_report(&mut self, path: &Path, opts: &OpenOptions, report: TableReport) {
        if self.windows.table.path != path {
            self.windows
                .table
                .prepare(path, Some(&opts.mapping), opts.strict);
        }
        self.windows.table.report = Some(report);
        self.show_window(WindowKind::Table, true);
    }

    /// Exports what the map shows: the filtered missions at the current year. On success
    /// the folder is remembered and the window closes; on failure nothing is written and
    /// the window keeps what the user typed.
    /// Writes the ranking the ranking window shows (the year, the filters but the sender
    /// facet, what is counted) as `stats` writes it.
    fn export_ranking(&mut self, path: &Path) {
        let filter = crate::filter::Filter {
            senders: Default::default(),
            ..self.state.filter.clone()
        };
        let gaz = crate::gazetteer::Gazetteer::embedded();
        let rows = crate::network::ranking(
            self.view.missions(),
            self.state.year,
            Some(&filter),
            gaz,
            self.state.counting,
        );
        match crate::atomic::write_with(path, |w| crate::network::write_ranking_csv(&rows, w)) {
            Ok(()) => {
                self.notices.notify(
                    Severity::Info,
                    format!(
                        "Exported the ranking of {} to {}.",
                        plural(rows.len(), "sending state", "sending states"),
                        path.display()
                    ),
                );
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    self.state.export_dir = dir.display().to_string();
                }
            }
            Err(e) => self.notices.notify(Severity::Error, e.to_string()),
        }
    }

    fn export_view(&mut self, format: Format, path: &Path) {
        self.view.refresh(&self.state);
        let year = self.state.year;
        let visible = self.view.visible(year);
        let all = self.view.missions();
        let missions: Vec<&Mission> = visible.iter().filter_map(|&i| all.get(i)).collect();
        match export::write_file(format, &missions, Some(year), path) {
            Ok(()) => {
                self.notices.notify(
                    Severity::Info,
                    format!(
                        "Exported {} to {}.",
                        plural(missions.len(), "mission", "missions"),
                        path.display()
                    ),
                );
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    self.state.export_dir = dir.display().to_string();
                }
                self.show_window(WindowKind::Export, false);
            }
            Err(e) => self.notices.notify(Severity::Error, e.to_string()),
        }
    }

    /// Starts making a picture of the current view: the data and filter as they are, the
    /// map's area at the picture's size, the theme on screen.
    fn export_picture(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        size: (u32, u32),
        frames: Frames,
    ) {
        if self.picture.is_some() {
            return;
        }
        let window = match frames {
            Frames::Still { .. } => WindowKind::ExportImage,
            Frames::Years { .. } => WindowKind::ExportAnimation,
        };
        // The same area as the map on screen: the zoom grows with the picture's size.
        let rect = self.camera.rect();
        let scale = (f64::from(size.0) / f64::from(rect.width().max(1.0)))
            .min(f64::from(size.1) / f64::from(rect.height().max(1.0)));
        let view = crate::picture::View {
            center: self.camera.center(),
            zoom: (self.camera.zoom() + scale.max(1e-3).log2()).clamp(0.0, 19.0),
        };
        let dark = ctx.global_style().visuals.dark_mode;
        // A picture draws the layers on the map; an animation's frames are other years,
        // which the layers (made for this year) do not describe: the caption only.
        let overlays = match frames {
            Frames::Still { .. } => {
                crate::app::map::picture_overlays(&self.view, &self.state, dark)
            }
            Frames::Years { .. } => crate::picture::Overlays {
                caption: crate::picture::caption(&self.state.filter, self.view.missions()),
                ..Default::default()
            },
        };
        let ds = self.view.dataset();
        let request = PictureRequest {
            missions: ds.missions.clone(),
            filter: self.state.filter.clone(),
            frames,
            view,
            size,
            dark,
            title: ds.name.clone(),
            credit: crate::picture::short_credit(&ds.source),
            path: path.clone(),
            overlays,
        };
        match PictureJob::start(ctx, request) {
            Ok(job) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    self.state.picture_dir = dir.display().to_string();
                }
                self.picture = Some((job, window));
            }
            Err(e) => self.notices.notify(
                Severity::Error,
                format!("Cannot start making the picture: {e}"),
            ),
        }
    }

    /// Takes a finished picture, if any: a notice, and its window closes on success.
    pub(super) fn poll_picture(&mut self) {
        let Some(outcome) = self.picture.as_ref().and_then(|(job, _)| job.poll()) else {
            return;
        };
        let Some((_, window)) = self.picture.take() else {
            return;
        };
        match outcome {
            Ok(done) => {
                self.notices.notify(Severity::Info, done);
                self.show_window(window, false);
            }
            Err(e) => self.notices.notify(Severity::Error, e),
        }
    }

    /// Moves a flight and playback on by the frame's time.
    pub(super) fn advance(&mut self, ctx: &egui::Context) {
        self.camera.advance(ctx);
        let last = self.view.last_year();
        if let Some(y) = self
            .playback
            .advance(ctx, self.state.play_speed, self.state.year, last)
        {
            self.set_year(y);
        }
    }
}
