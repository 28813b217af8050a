//! The data loader on arbitrary bytes; see `diplomap::fuzzing::check_load`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    diplomap::fuzzing::check_load(data);
});
