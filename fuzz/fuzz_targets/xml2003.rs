//! Structure-aware Excel 2003 XML Spreadsheet (issue 19): the fuzzer writes what follows the `<Workbook>` start tag;
//! a first byte 0 sends its bytes as they are.
#![no_main]
const HEAD: &[u8] = b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook \
    xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">";
libfuzzer_sys::fuzz_target!(|data: &[u8]| dunghen_fuzz::check_bytes("fuzz.xls", &dunghen_fuzz::framed(data, HEAD)));
