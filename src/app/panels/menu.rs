//! The menu bar: File, View, Help, and the data set's name on the right.

use egui::{RichText, Ui};

use super::ViewCtx;
use crate::app::actions::Action;
use crate::app::command::{BasemapCmd, Command, FileCmd, UiCmd};
use crate::app::state::ThemeChoice;
use crate::app::tiles::Provider;
use crate::data::Builtin;

pub fn ui(ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            Action::OpenData.menu_item(ui, out);
            Action::Import.menu_item(ui, out);
            Action::Export.menu_item(ui, out);
            Action::ExportImage.menu_item(ui, out);
            Action::ExportAnimation.menu_item(ui, out);
            ui.separator();
            Action::Quit.menu_item(ui, out);
        });
        ui.menu_button("Data", |ui| {
            for b in Builtin::ALL {
                let on = cx.view.data_path().is_none() && cx.state.builtin == b;
                if ui
                    .selectable_label(on, b.label())
                    .on_hover_text(format!(
                        "The built-in set {} (--data {})",
                        b.file_name(),
                        b.name()
                    ))
                    .clicked()
                {
                    out.push(FileCmd::OpenBuiltin(b).into());
                }
            }
        });
        ui.menu_button("Networks", |ui| {
            Action::Ranking.menu_item(ui, out);
            Action::WhoIsHere.menu_item(ui, out);
            Action::Change.menu_item(ui, out);
            Action::Reciprocity.menu_item(ui, out);
            Action::Coverage.menu_item(ui, out);
            ui.separator();
            Action::ToggleNetworkLines.menu_toggle(ui, cx.state.show_network_lines, out);
        });
        ui.menu_button("View", |ui| {
            let s = cx.state;
            Action::ToggleFilters.menu_toggle(ui, s.show_filters, out);
            Action::ToggleList.menu_toggle(ui, s.show_list, out);
            Action::ToggleTimeline.menu_toggle(ui, s.show_timeline, out);
            Action::ToggleLegend.menu_toggle(ui, s.show_legend, out);
            ui.separator();
            Action::ToggleMayBeOpen.menu_toggle(
                ui,
                !s.filter
                    .hidden_states
                    .contains(&crate::timeline::TimelineState::MayBeOpen),
                out,
            );
            ui.separator();
            Action::FitAll.menu_item(ui, out);
            ui.separator();
            ui.menu_button("Basemap", |ui| basemap_menu(ui, cx, out));
            ui.separator();
            for t in ThemeChoice::ALL {
                if ui.selectable_label(s.theme == t, t.label()).clicked() {
                    out.push(UiCmd::SetTheme(t).into());
                }
            }
        });
        ui.menu_button("Help", |ui| {
            Action::Help.menu_item(ui, out);
            Action::About.menu_item(ui, out);
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let src = cx
                .view
                .data_path()
                .map_or("built-in data".to_owned(), |p| p.display().to_string());
            ui.label(RichText::new(format!("{} · {src}", cx.view.dataset().name)).weak());
        });
    });
}

fn basemap_menu(ui: &mut Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    for p in [
        Provider::OpenStreetMap,
        Provider::OpenTopoMap,
        Provider::Humanitarian,
        Provider::Embedded,
    ] {
        if ui
            .selectable_label(cx.state.provider == p, p.label())
            .clicked()
        {
            out.push(BasemapCmd::SetProvider(p).into());
        }
    }
    ui.separator();
    ui.label("Custom tile URL ({z}/{x}/{y}):");
    // The URL being typed is the field's own until used: egui keeps it for the widget.
    let id = ui.scope_id().with("custom-tile-url");
    let mut url: String =
        ui.data_mut(|d| d.get_temp(id))
            .unwrap_or_else(|| match &cx.state.provider {
                Provider::Custom(u) => u.clone(),
                _ => String::new(),
            });
    let edit = ui.add(
        egui::TextEdit::singleline(&mut url)
            .hint_text("https://example.org/{z}/{x}/{y}.png")
            .desired_width(300.0),
    );
    if edit.changed() {
        ui.data_mut(|d| d.insert_temp(id, url.clone()));
    }
    if ui.button("Use this server").clicked() && !url.trim().is_empty() {
        out.push(BasemapCmd::SetProvider(Provider::Custom(url.trim().to_owned())).into());
    }
    ui.label(
        RichText::new("The embedded Natural Earth basemap is always drawn underneath.").weak(),
    );
    ui.separator();
    ui.label("Your contact for tile servers (e-mail or web page), sent with each request:");
    let id = ui.scope_id().with("tile-contact");
    let mut contact: String = ui
        .data_mut(|d| d.get_temp(id))
        .unwrap_or_else(|| cx.state.tile_contact.clone());
    let edit = ui.add(
        egui::TextEdit::singleline(&mut contact)
            .hint_text("name@example.org")
            .desired_width(300.0),
    );
    if edit.changed() {
        ui.data_mut(|d| d.insert_temp(id, contact.clone()));
    }
    if ui.button("Use this contact").clicked() && contact.trim() != cx.state.tile_contact {
        out.push(BasemapCmd::SetContact(contact.trim().to_owned()).into());
    }
}
