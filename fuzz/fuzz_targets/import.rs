//! The source-list importer on arbitrary bytes; see `diplomap_core::fuzzing::check_import`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    diplomap_core::fuzzing::check_import(data);
});
