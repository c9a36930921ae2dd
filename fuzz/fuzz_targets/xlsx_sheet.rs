//! Structure-aware xlsx: the fuzzer writes the sheet XML (and, after a NUL byte, the shared strings); the target
//! wraps them in a valid workbook so that calamine's XML reader and header detection are reached.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (sheet, strings) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"[..]),
    };
    dunghen_fuzz::check_bytes("fuzz.xlsx", &dunghen_fuzz::xlsx_with_sheet(sheet, strings));
});
