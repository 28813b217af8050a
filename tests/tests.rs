//! The integration tests, built into one binary (as ripgrep's are): one link of the app
//! instead of one per file keeps a clean test build a few gigabytes smaller and quicker.
//! Each file stays a module of its own; `common` holds what they share.

mod common;

mod cli;
mod counting;
mod fuzz_corpus;
mod hardening;
mod import;
mod package;
mod picture;
mod robustness;
mod tiles;
mod time;
mod ui;
mod ui_actions;
mod ui_layout;
mod ui_networks;
mod ui_overlays;
mod ui_pictures;
mod ui_tables;
mod ui_world;
mod world;
