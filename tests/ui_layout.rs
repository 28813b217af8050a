//! The window holds still: panels keep the size the user gave them whatever they show, a
//! drag of a panel's edge is remembered, the list's columns fit the panel and can be
//! chosen, and opening the details never moves the map under the cursor.

use crate::common::{harness, state, type_into};
use diplomap::app::DiplomapApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn drag(h: &mut Harness<'_, DiplomapApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    for i in 1..=8 {
        h.hover_at(from + (to - from) * (i as f32 / 8.0));
        h.run();
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
}

/// The same rectangle, to a tenth of a point.
fn same(a: egui::Rect, b: egui::Rect) -> bool {
    (a.min - b.min).length() < 0.1 && (a.max - b.max).length() < 0.1
}

#[test]
fn the_side_panel_keeps_its_width_whatever_it_shows_and_remembers_a_drag() {
    let mut s = state(2026, (20.0, 20.0), 2.0);
    s.panel_sizes.side = 400.0;
    let mut h = harness(s);
    let map = h.state().map_rect();
    assert!((1280.0 - map.right() - 400.0).abs() < 2.0, "{map:?}");
    // Content of every width: a search, a selection with long notes, the list sorted.
    type_into(&mut h, "Search", "a");
    h.get_by_label("Algiers").click();
    h.run();
    assert!(h.state().selected_mission().is_some());
    h.get_by_role_and_label(Role::Button, "Opened").click();
    h.run();
    assert!(
        same(h.state().map_rect(), map),
        "the map never moves with the content"
    );
    // The user drags the panel's edge 100 points to the left: the panel is 100 wider,
    // and that is what is saved.
    let edge = egui::pos2(map.right() + 1.0, map.center().y);
    drag(&mut h, edge, edge - egui::vec2(100.0, 0.0));
    let wider = h.state().map_rect();
    assert!(
        (map.right() - wider.right() - 100.0).abs() < 3.0,
        "{wider:?}"
    );
    let saved = h.state().ui_state().panel_sizes.side;
    assert!((saved - 500.0).abs() < 3.0, "{saved}");
    // The next run starts with it.
    let next = harness(h.state().ui_state().clone());
    assert!(
        (next.state().map_rect().right() - wider.right()).abs() < 2.0,
        "{:?} {wider:?}",
        next.state().map_rect()
    );
}

#[test]
fn the_lists_columns_fit_the_panel_and_can_be_hidden() {
    let mut h = harness(state(1998, (20.0, 20.0), 2.0));
    let map = h.state().map_rect();
    let headings = [
        "City", "Country", "Sender", "Type", "Opened", "Closed", "Status",
    ];
    for label in headings {
        // The sorted column's heading carries its arrow.
        let r = h
            .query_all_by_role(Role::Button)
            .find(|n| crate::common::text_of(n).starts_with(label))
            .unwrap_or_else(|| panic!("no heading {label}"))
            .rect();
        assert!(
            r.left() > map.right() && r.right() <= 1280.0,
            "{label}: {r:?}"
        );
    }
    // A right click on a heading offers the columns; Sender is taken away and stays away.
    h.get_by_role_and_label(Role::Button, "Sender")
        .click_secondary();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Sender").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_role_and_label(Role::Button, "Sender").is_none());
    assert_eq!(
        h.state().ui_state().hidden_columns,
        vec![diplomap::index::SortKey::Sender]
    );
    assert!(
        same(h.state().map_rect(), map),
        "the panel keeps its width: {:?} {map:?}",
        h.state().map_rect()
    );
    // The last column left cannot be hidden: its box is greyed out.
    let mut s = h.state().ui_state().clone();
    {
        use diplomap::index::SortKey::*;
        s.hidden_columns = vec![Country, Sender, Kind, Opened, Closed, Status];
    }
    let mut h = harness(s);
    h.get_by_role_and_label(Role::Button, "City")
        .click_secondary();
    h.run();
    assert!(
        h.get_by_role_and_label(Role::CheckBox, "City")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn with_the_list_hidden_the_details_open_over_the_map_without_moving_it() {
    let mut s = state(2020, (-3.7, 40.4), 6.0);
    s.show_list = false;
    let mut h = harness(s);
    let map = h.state().map_rect();
    h.get_by_label("Embassy in Madrid, Spain").click();
    h.run();
    h.get_by_label("closed in 2023");
    assert!(same(h.state().map_rect(), map));
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("closed in 2023").is_none());
    // Nothing but a drag changed a panel's size.
    assert_eq!(
        h.state().ui_state().panel_sizes,
        diplomap::app::UiState::default().panel_sizes
    );
}
