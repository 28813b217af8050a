//! Our CSV writer and table reader on hostile cells; see
//! `diplomap_core::fuzzing::check_csv_roundtrip`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    diplomap_core::fuzzing::check_csv_roundtrip(data);
});
