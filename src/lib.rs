//! Diplomap: explore a country's diplomatic missions on a map and through time.
//!
//! This crate is the desktop app ([`app`]) and the command line ([`cli`]). Everything that
//! is not drawing lives in `diplomap-core` (re-exported here under the same module names,
//! so `diplomap::data`, `diplomap::index`… keep working) and the embedded basemap in
//! `diplomap-basemap` ([`basemap`]). See `ARCHITECTURE.md`.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod app;
pub mod cli;
pub mod memory;

pub use diplomap_basemap as basemap;
pub use diplomap_core::{
    atomic, cluster, data, error, evidence, export, filter, fuzzing, gazetteer, import, index,
    jsonscan, model, network, senders, symbol, synth, tabular, text, timeline, view, world,
};
pub use diplomap_picture as picture;
