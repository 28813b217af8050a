//! Diplomap's core: everything that is not drawing, and no GUI crate anywhere below it.
//!
//! The data model ([`model`]), loading and validation of data files ([`data`], streamed by
//! [`jsonscan`]), offline geocoding ([`gazetteer`]), importing the source's tables
//! ([`import`]), the timeline ([`timeline`]), filtering and text search ([`filter`],
//! [`text`]), the spatial and temporal index behind the map, the counts and the list order
//! ([`index`]), synthetic data ([`synth`]), export ([`export`]), atomic writes
//! ([`atomic`]), marker shapes ([`symbol`]), other people's tables ([`tabular`]), Web Mercator arithmetic ([`view`]), laying out an expanded cluster
//! ([`cluster`]), the error types ([`error`]), and the converter that makes the
//! built-in data sets from the list and the Wikidata snapshot ([`world`]).

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod atomic;
pub mod cluster;
pub mod data;
pub mod error;
pub mod evidence;
pub mod export;
pub mod filter;
pub mod fuzzing;
pub mod gazetteer;
pub mod import;
pub mod index;
pub mod jsonscan;
pub mod model;
pub mod network;
#[cfg(test)]
mod props;
pub mod senders;
pub mod symbol;
pub mod synth;
pub mod tabular;
pub mod text;
pub mod timeline;
pub mod view;
pub mod world;
