#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    score_fuzz::definitions(data);
});
