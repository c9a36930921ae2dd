//! CSV text in every encoding the reader accepts: the first byte picks UTF-8, UTF-8 with BOM, UTF-16 LE/BE with
//! BOM or windows-1258; the rest is the text.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let bytes: Vec<u8> = match pick % 5 {
        0 => rest.to_vec(),
        1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        2 => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect(),
        3 => [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_be_bytes())).collect(),
        _ => encoding_rs::WINDOWS_1258.encode(&text).0.into_owned(),
    };
    dunghen_fuzz::check_bytes("fuzz.csv", &bytes);
});
