//! The table reader (CSV and GeoJSON) on arbitrary bytes; see
//! `diplomap_core::fuzzing::check_table`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    diplomap_core::fuzzing::check_table(data);
});
