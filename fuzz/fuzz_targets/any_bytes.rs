//! Any bytes as a dossier export: format sniffing, every reader, the rules and the report.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| dunghen_fuzz::check_bytes("fuzz.xlsx", data));
