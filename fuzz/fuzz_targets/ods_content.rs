//! Structure-aware ods: the fuzzer writes content.xml inside a valid OpenDocument package.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| dunghen_fuzz::check_bytes("fuzz.ods", &dunghen_fuzz::ods_with_content(data)));
