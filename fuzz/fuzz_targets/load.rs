//! The data loader on arbitrary bytes; see `diplomap_core::fuzzing::check_load`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    diplomap_core::fuzzing::check_load(data);
});
