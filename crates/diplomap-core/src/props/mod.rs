//! Property tests of the core against plain oracles written apart from the code they
//! check: the timeline rule as branches, the filter as a list of conditions, a quadratic
//! clusterer, brute-force counts. They live in the core crate so that a change to the
//! core (or a mutant of it, `cargo mutants`) rebuilds and links the core alone.
//!
//! Each property counts how many of its generated cases were non-trivial (a cluster in
//! the viewport, a sender ranked…) and fails when fewer than half were: a property whose
//! cases check nothing passes whatever the code does. `cargo test -p diplomap-core props
//! -- --nocapture` prints the shares.

pub(crate) mod arb;
mod filter;
mod index;
mod naive;
mod network;
mod timeline;
