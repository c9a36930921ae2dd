//! The reminder list and the proposed ratings from any bytes: never a panic, every row accounted for.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dunghen_fuzz::init();
    if let Ok(l) = dunghen::ingest::read_reminders("fuzz.csv", data, 2022, None) {
        assert!(l.counts.adds_up());
    }
    if let Ok(l) = dunghen::ingest::read_proposals("fuzz.csv", data, None) {
        assert!(l.counts.adds_up());
    }
});
