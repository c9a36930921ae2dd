//! The progress box while the worker reads or checks: the stage, its figures, the time taken, and Cancel.

use crate::web::protocol::JobStage;
use crate::web::state::{Action, Job};
use crate::web::{format, Lang};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressBoxProps {
    pub lang: Lang,
    pub job: Job,
    pub dispatch: Callback<Action>,
}

#[function_component(ProgressBox)]
pub fn progress_box(p: &ProgressBoxProps) -> Html {
    let lang = p.lang;
    let cancel = {
        let d = p.dispatch.clone();
        Callback::from(move |_| d.emit(Action::Cancel))
    };
    let stage = p.job.stage.as_ref();
    let file = match stage {
        Some(JobStage::Load { file, .. }) if !file.is_empty() => format!(" — {file}"),
        _ => String::new(),
    };
    let elapsed = format!("{}: {}", lang.pick("Thời gian", "Elapsed"), format::elapsed(p.job.elapsed));
    html! {
        <div class="progress" role="status" aria-live="polite" id="progress">
            <p><strong>{ stage_label(stage, lang) }</strong>{ file }</p>
            { figures(stage, lang) }
            <p class="elapsed">{ elapsed }</p>
            <p class="hint">{ lang.pick(
                "Tệp đang được xử lý trong nền; trang vẫn dùng được.",
                "The work runs in the background; the page stays usable.",
            ) }</p>
            <button type="button" id="cancel" onclick={cancel}>{ lang.pick("Hủy", "Cancel") }</button>
        </div>
    }
}

fn stage_label(stage: Option<&JobStage>, lang: Lang) -> &'static str {
    match stage {
        Some(JobStage::Load { .. }) => lang.pick("Đang nạp tệp", "Loading the file"),
        Some(JobStage::Parse) => lang.pick("Đang đọc bảng hồ sơ", "Reading the dossier table"),
        Some(JobStage::Check) => lang.pick("Đang đọc và kiểm tra từng hồ sơ", "Reading and checking every dossier"),
        Some(JobStage::RowsRead { .. }) => lang.pick("Đang đọc các dòng của bảng", "Reading the table's rows"),
        Some(JobStage::RowsReadHalves { .. }) => lang
            .pick("Đang đọc các dòng của bảng (hai luồng cùng lúc)", "Reading the table's rows (two workers at once)"),
        Some(JobStage::RowsConvert { .. }) => {
            lang.pick("Đang chuyển các dòng thành hồ sơ", "Turning rows into dossiers")
        }
        Some(JobStage::Judge { .. }) => lang.pick("Đang tính hạn từng hồ sơ", "Judging every dossier"),
        Some(JobStage::Report { .. }) => lang.pick("Đang lập kết quả", "Building the results"),
        Some(JobStage::Rollup { .. }) => lang.pick("Đang tổng hợp báo cáo các cơ quan", "Rolling up the reports"),
        None => lang.pick("Đang khởi động", "Starting"),
    }
}

/// A progress bar: filled to `done` of `total` when the total is known, moving without one.
fn bar(done: u64, total: u64) -> Html {
    if total > 0 {
        html! { <progress max={total.to_string()} value={done.to_string()}></progress> }
    } else {
        html! { <progress></progress> }
    }
}

/// The bar and the figures under it: bytes loaded, rows read or converted, dossiers judged.
fn figures(stage: Option<&JobStage>, lang: Lang) -> Html {
    let n = |x: u64| format::number(x, lang);
    let rows_line = |text: String| html! { <p class="rows" id="progress-rows">{ text }</p> };
    match stage {
        // Dossiers, not rows: judged one by one, then the report is made of all of them at once.
        Some(JobStage::Judge { done, total }) => {
            let text = if *total == 0 {
                String::new()
            } else {
                format!("{} / {} {}", n(*done), n(*total), lang.pick("hồ sơ", "dossiers"))
            };
            html! { <>{ bar(*done, *total) }{ rows_line(text) }</> }
        }
        Some(JobStage::Report { total, .. }) => {
            let text = if *total == 0 {
                String::new()
            } else {
                format!("{} {}", n(*total), lang.pick("hồ sơ", "dossiers"))
            };
            html! { <><progress></progress>{ rows_line(text) }</> }
        }
        Some(
            s @ (JobStage::RowsRead { done, total }
            | JobStage::RowsReadHalves { done, total }
            | JobStage::RowsConvert { done, total }),
        ) => {
            // While rows are read the total is estimated from the bytes read so far; read in halves, the rows read
            // too (the first worker's, doubled: it cannot hear the second's while it reads).
            let rows = lang.pick("dòng", "rows");
            let text = if *total > 0 {
                let about = if matches!(s, JobStage::RowsConvert { .. }) { "" } else { "≈" };
                let done_about = if matches!(s, JobStage::RowsReadHalves { .. }) { "≈" } else { "" };
                format!("{done_about}{} / {about}{} {rows}", n(*done), n(*total))
            } else {
                format!("{} {rows}", n(*done))
            };
            html! { <>{ bar(*done, *total) }{ rows_line(text) }</> }
        }
        Some(JobStage::Rollup { files }) => {
            html! { <><progress></progress>{ rows_line(format!("{} {}", n(*files), lang.pick("tệp", "files"))) }</> }
        }
        Some(JobStage::Load { loaded, total, .. }) if *total > 0 => html! { <>
            { bar(*loaded, *total) }
            <p class="bytes">{ format!("{} / {}", format::bytes(*loaded, lang), format::bytes(*total, lang)) }</p>
        </> },
        _ => html! { <progress></progress> },
    }
}
