//! Structure-aware HTML-table "Excel" (issue 19): the fuzzer writes what follows `<table>` in a page saved with an
//! .xls name, as one-stop systems hand it out; a first byte 0 sends its bytes as they are (encodings, BOMs, metas).
#![no_main]
const HEAD: &[u8] = b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta charset=\"utf-8\"></head>\
    <body><table>";
libfuzzer_sys::fuzz_target!(|data: &[u8]| dunghen_fuzz::check_bytes("fuzz.xls", &dunghen_fuzz::framed(data, HEAD)));
