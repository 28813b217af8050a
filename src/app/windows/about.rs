//! About Diplomap: the version and every data source with its licence.

use egui::Ui;

use super::ViewCtx;

pub fn ui(ui: &mut Ui, cx: &ViewCtx<'_>) {
    ui.label(format!("Diplomap {}", env!("CARGO_PKG_VERSION")));
    ui.label("Explore a country's diplomatic missions on a map and through time.");
    ui.add_space(6.0);
    ui.strong("Data and credits");
    ui.label("Missions: the list of diplomatic missions of North Korea, an encyclopedia article licensed CC BY-SA 4.0. Notes are our own summaries of its facts.");
    ui.hyperlink_to(
        "Wikipedia: Diplomatic missions of North Korea",
        "https://en.wikipedia.org/wiki/List_of_diplomatic_missions_of_North_Korea",
    );
    ui.label(
        "Mission data of every country: from Wikidata (CC0), compiled by database-of-embassies.",
    );
    ui.label("Place coordinates: GeoNames, CC BY 4.0.");
    ui.hyperlink_to("geonames.org", "https://www.geonames.org/");
    ui.label("States and capitals through time, which bound the dates nobody recorded: Correlates of War Project, State System Membership List v2016 (2017), and its capitals list as compiled for the peacesciencer package.");
    ui.hyperlink_to("correlatesofwar.org", "https://correlatesofwar.org/");
    ui.label("Offline basemap: Natural Earth, public domain.");
    ui.hyperlink_to("naturalearthdata.com", "https://www.naturalearthdata.com/");
    ui.label("Map tiles: © OpenStreetMap contributors, ODbL.");
    ui.hyperlink_to(
        "openstreetmap.org/copyright",
        "https://www.openstreetmap.org/copyright",
    );
    ui.label("Fonts: Ubuntu Light (Ubuntu Font Licence) and a subset of Noto Sans Light by Google (SIL Open Font License 1.1).");
    let source = &cx.view.dataset().source;
    if !source.is_empty() {
        ui.add_space(6.0);
        ui.strong("This data set");
        ui.label(source);
        if let Some(a) = cx.view.as_of() {
            ui.label(format!(
                "Its date: {} ({}). The timeline ends there; a mission is never shown known open after it.",
                a.year, a.note
            ));
        }
    }
}
