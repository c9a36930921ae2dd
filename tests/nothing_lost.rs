//! Nothing is lost (issue 8): on generated exports in varied shapes, every row read is a dossier, a rejected row,
//! a blank row or a non-data row; and the dossier list the report exports reads back into the same dossiers.

use chrono::{Duration, NaiveDate, NaiveTime};
use dunghen::check::{self, CheckRequest, InputFile};
use dunghen::export;
use dunghen::ingest::{read_dossiers, ReadOptions};
use dunghen::model::{Channel, Dossier, Moment};
use dunghen::profile::Profile;
use dunghen::report::period::Period;
use dunghen::report::tables;
use proptest::prelude::*;

const UNITS: [&str; 4] =
    ["Phòng Tư pháp", "Phòng Tài nguyên và Môi trường", "Chi nhánh Văn phòng Đăng ký đất đai", "UBND xã Phước Lộc"];
const OFFICERS: [&str; 5] =
    ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê  Hoàng Phúc", "Nguye\u{0302}\u{0303}n Thị Hà", ""];
const PROCEDURES: [&str; 3] =
    ["Chứng thực bản sao từ bản chính", "Đăng ký khai sinh", "Cấp giấy chứng nhận quyền sử dụng đất, lần đầu"];
const STATUSES: [&str; 4] = ["Đã trả kết quả", "Đang xử lý", "Chờ bổ sung hồ sơ", "Đã hoàn thành, chờ trả"];

/// A time of day: hours, minutes, seconds.
type Hms = (u32, u32, u32);

#[derive(Debug, Clone)]
struct Gen {
    unit: usize,
    officer: usize,
    procedure: Option<usize>,
    received: (i64, Option<Hms>),
    due_after: i64,
    finished_after: Option<(i64, Option<Hms>)>,
    returned_after: Option<i64>,
    extended_after: Option<i64>,
    channel: Option<u8>,
    statutory: Option<u32>,
    status: Option<usize>,
    apology: bool,
}

#[derive(Debug, Clone)]
enum Line {
    Dossier(Gen),
    Blank,
    Invalid(Gen),
}

fn time() -> impl Strategy<Value = Option<(u32, u32, u32)>> {
    prop::option::of((7u32..18, 0u32..60, prop_oneof![Just(0u32), 1u32..60]))
}

fn gen() -> impl Strategy<Value = Gen> {
    (
        (0usize..4, 0usize..5, prop::option::of(0usize..3), (0i64..360, time()), 0i64..30),
        (prop::option::of((0i64..40, time())), prop::option::of(0i64..5), prop::option::of(1i64..10)),
        (prop::option::of(0u8..3), prop::option::of(1u32..30), prop::option::of(0usize..4), any::<bool>()),
    )
        .prop_map(
            |(
                (unit, officer, procedure, received, due_after),
                (finished_after, returned_after, extended_after),
                (channel, statutory, status, apology),
            )| Gen {
                unit,
                officer,
                procedure,
                received,
                due_after,
                finished_after,
                returned_after,
                extended_after,
                channel,
                statutory,
                status,
                apology,
            },
        )
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![8 => gen().prop_map(Line::Dossier), 1 => Just(Line::Blank), 1 => gen().prop_map(Line::Invalid)]
}

#[derive(Debug, Clone, Copy)]
struct Shape {
    encoding: u8,
    delimiter: u8,
    iso_dates: bool,
    banner: bool,
    signatures: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (0u8..3, prop::sample::select(vec![b',', b';', b'\t']), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(encoding, delimiter, iso_dates, banner, signatures)| Shape {
            encoding,
            delimiter,
            iso_dates,
            banner,
            signatures,
        },
    )
}

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 2).unwrap()
}

fn moment(days: i64, t: Option<(u32, u32, u32)>) -> Moment {
    let date = base() + Duration::days(days);
    match t {
        Some((h, m, s)) => Moment::at(date, NaiveTime::from_hms_opt(h, m, s).unwrap()),
        None => Moment::day(date),
    }
}

fn write_moment(m: Option<Moment>, iso: bool) -> String {
    let Some(m) = m else { return String::new() };
    let d = if iso { m.date.format("%Y-%m-%d").to_string() } else { m.date.format("%d/%m/%Y").to_string() };
    match m.time() {
        Some(t) => format!("{d} {}", t.format("%H:%M:%S")),
        None => d,
    }
}

fn expected(i: usize, g: &Gen) -> Dossier {
    let received = moment(g.received.0, g.received.1);
    let due = Moment::day(received.date + Duration::days(g.due_after));
    let finished = g.finished_after.map(|(d, t)| moment(g.received.0 + d, t));
    Dossier {
        code: format!("HS-{i:05}"),
        procedure: g.procedure.map(|p| PROCEDURES[p].into()),
        unit: dunghen::model::Name::new(UNITS[g.unit]),
        officer: dunghen::model::Name::new(OFFICERS[g.officer]),
        received: Some(received),
        due: Some(due),
        extended_due: g.extended_after.map(|d| Moment::day(due.date + Duration::days(d))),
        finished,
        returned: g.returned_after.and_then(|d| finished.map(|f| Moment::day(f.date + Duration::days(d)))),
        status_text: g.status.map(|s| STATUSES[s].into()),
        channel: g.channel.map(|c| [Channel::Online, Channel::InPerson, Channel::Post][usize::from(c)]),
        statutory_days: g.statutory,
        apology: Some(g.apology),
        ..Dossier::default()
    }
}

/// The export's bytes, with the number of rows of each kind it holds under the header.
fn export_of(lines: &[Line], s: Shape) -> (Vec<u8>, Vec<Dossier>, u32, u32, u32) {
    let mut w = csv::WriterBuilder::new().delimiter(s.delimiter).flexible(true).from_writer(Vec::new());
    if s.banner {
        w.write_record(["BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ NĂM 2023"]).unwrap();
        w.write_record([""]).unwrap();
    }
    w.write_record([
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục",
        "Cơ quan thụ lý",
        "Cán bộ xử lý",
        "Hình thức nộp",
        "Thời hạn giải quyết",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày hẹn lại",
        "Ngày hoàn thành",
        "Ngày trả kết quả",
        "Trạng thái",
        "Phiếu xin lỗi",
    ])
    .unwrap();
    let (mut dossiers, mut blank, mut rejected) = (Vec::new(), 0, 0);
    for (i, l) in lines.iter().enumerate() {
        match l {
            Line::Blank => {
                blank += 1;
                w.write_record([""]).unwrap();
            }
            Line::Dossier(g) | Line::Invalid(g) => {
                let d = expected(i, g);
                let due = if matches!(l, Line::Invalid(_)) {
                    "31/02/2023".to_string()
                } else {
                    write_moment(d.due, s.iso_dates)
                };
                let channel = match d.channel {
                    Some(Channel::Online) => "Trực tuyến",
                    Some(Channel::InPerson) => "Trực tiếp",
                    Some(Channel::Post) => "Bưu chính",
                    None => "",
                };
                w.write_record([
                    (i + 1).to_string(),
                    d.code.clone(),
                    d.procedure.as_deref().unwrap_or_default().to_string(),
                    UNITS[g.unit].to_string(),
                    OFFICERS[g.officer].to_string(),
                    channel.to_string(),
                    d.statutory_days.map(|n| n.to_string()).unwrap_or_default(),
                    write_moment(d.received, s.iso_dates),
                    due,
                    write_moment(d.extended_due, s.iso_dates),
                    write_moment(d.finished, s.iso_dates),
                    write_moment(d.returned, s.iso_dates),
                    d.status_text.as_deref().unwrap_or_default().to_string(),
                    (if g.apology { "Có" } else { "Không" }).to_string(),
                ])
                .unwrap();
                if matches!(l, Line::Invalid(_)) {
                    rejected += 1
                } else {
                    dossiers.push(d)
                }
            }
        }
    }
    let mut non_data = 0;
    if s.signatures {
        for r in [
            vec!["", "", "", "", "", "", "", "", "Tuy Phước, ngày 15 tháng 01 năm 2024"],
            vec!["", "NGƯỜI LẬP BIỂU", "", "", "", "", "", "", "THỦ TRƯỞNG ĐƠN VỊ"],
            vec!["", "(Ký, ghi rõ họ tên)"],
        ] {
            w.write_record(r).unwrap();
            non_data += 1;
        }
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let bytes = match s.encoding {
        0 => text.into_bytes(),
        1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        _ => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect(),
    };
    (bytes, dossiers, rejected, blank, non_data)
}

/// Everything but where the dossier came from.
fn same(a: &Dossier, b: &Dossier) -> bool {
    let strip = |d: &Dossier| Dossier {
        source: Default::default(),
        unit: dunghen::model::Name::new(&d.unit.display),
        officer: dunghen::model::Name::new(&d.officer.display),
        ..d.clone()
    };
    strip(a) == strip(b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_row_is_accounted_for_and_the_dossier_list_reads_back(lines in prop::collection::vec(line(), 1..60), s in shape()) {
        let (bytes, want, rejected, blank, non_data) = export_of(&lines, s);
        let t = read_dossiers("export.csv", &bytes, &ReadOptions::default()).unwrap();
        prop_assert_eq!(t.counts.rows, t.counts.dossiers + t.counts.rejected + t.counts.blank + t.counts.non_data);
        prop_assert_eq!((t.counts.dossiers as usize, t.counts.rejected, t.counts.non_data), (want.len(), rejected, non_data));
        prop_assert!(t.counts.blank >= blank, "blank {} < {}", t.counts.blank, blank);
        for (got, w) in t.dossiers.iter().zip(&want) {
            prop_assert!(same(got, w), "read {:?}\nwant {:?}", got, w);
        }

        let report = check::report(&CheckRequest {
            assessment_year: Some(2023),
            ..CheckRequest::new(vec![InputFile { name: "export.csv", bytes: &bytes }], Profile::default_profile(), NaiveDate::from_ymd_opt(2024, 6, 30).unwrap())
        }).unwrap();
        prop_assert_eq!(report.dossiers.len(), want.len());
        let tables = tables::build(&report, &Period::year(2023, dunghen::profile::PeriodCutoff::Calendar), &Profile::default_profile());
        let list = export::to_csv_files(&report, &tables).into_iter().find(|(n, _)| n == "ho-so.csv").unwrap().1;
        let again = read_dossiers("ho-so.csv", &list, &ReadOptions::default()).unwrap();
        prop_assert_eq!(again.dossiers.len(), want.len());
        prop_assert_eq!(again.counts.rejected, 0);
        for (got, w) in again.dossiers.iter().zip(&t.dossiers) {
            prop_assert!(same(got, w), "re-read {:?}\nfirst {:?}", got, w);
        }
    }
}
