#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    score_fuzz::dynamic_value(data);
});
