//! Diplomap: explore a country's diplomatic missions on a map and through time.
//!
//! The library holds everything that is not drawing: the data model ([`model`]), loading
//! and validation ([`data`]), offline geocoding ([`gazetteer`]), importing the source's
//! tables ([`import`]), the timeline ([`timeline`]), filtering ([`filter`]), the spatial
//! and temporal index behind the map and the counts ([`index`]), synthetic data
//! ([`synth`]) and export ([`export`]). The GUI lives in `app` (feature `gui`, on by
//! default) and only reads this state.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

#[cfg(feature = "gui")]
pub mod app;
pub mod atomic;
pub mod basemap;
pub mod cluster;
pub mod commands;
pub mod data;
pub mod error;
pub mod export;
pub mod filter;
pub mod fuzzing;
pub mod gazetteer;
pub mod import;
pub mod index;
pub mod jsonscan;
pub mod model;
pub mod synth;
pub mod text;
pub mod timeline;
pub mod view;
