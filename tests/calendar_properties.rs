//! Properties of the working-day calendar that hold for every date it covers.

use chrono::{Duration, NaiveDate};
use dunghen::calendar::Calendar;
use proptest::prelude::*;
use std::sync::OnceLock;

fn cal() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::official().unwrap())
}

/// Any date from 01/01/1990 to about 2096, leaving room for the spans added below.
fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..39_000).prop_map(|i| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(i))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn adding_n_working_days_then_counting_back_gives_n(d in date(), n in 0u32..400) {
        let end = cal().add_working_days(d, n).unwrap();
        prop_assert_eq!(cal().working_days_between(d, end).unwrap(), i64::from(n));
        if n > 0 {
            prop_assert!(cal().is_working_day(end).unwrap(), "{} + {} = {} is not a working day", d, n, end);
        }
    }

    #[test]
    fn the_next_working_day_is_a_working_day_with_none_skipped(d in date()) {
        let next = cal().next_working_day(d).unwrap();
        prop_assert!(next >= d);
        prop_assert!(cal().is_working_day(next).unwrap());
        let mut x = d;
        while x < next {
            prop_assert!(!cal().is_working_day(x).unwrap());
            x += Duration::days(1);
        }
    }

    #[test]
    fn counts_add_up_over_adjacent_spans(a in date(), k in 0i64..500, m in 0i64..500) {
        let b = a + Duration::days(k);
        let c = b + Duration::days(m);
        let ab = cal().working_days_between(a, b).unwrap();
        let bc = cal().working_days_between(b, c).unwrap();
        prop_assert_eq!(ab + bc, cal().working_days_between(a, c).unwrap());
        prop_assert_eq!(cal().working_days_between(b, a).unwrap(), -ab);
        prop_assert!(ab <= k);
    }

    #[test]
    fn every_year_has_between_240_and_254_working_days(y in 1990i32..=2100) {
        let first = NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(y, 12, 31).unwrap();
        // 01/01 is always a holiday, so (01/01, 31/12] holds all the year's working days.
        prop_assert!(!cal().is_working_day(first).unwrap());
        let n = cal().working_days_between(first, last).unwrap();
        prop_assert!((240..=254).contains(&n), "{} has {} working days", y, n);
    }
}
