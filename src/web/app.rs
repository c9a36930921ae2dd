//! The app's root: where it is mounted (the full page, or a `<dung-hen>` element), its store (the one [`State`],
//! its reducer, and the bridge that carries out the reducer's effects), and the screens, each a component of
//! `components` with its props and callbacks.

use super::bridge::{self, Bridge, PageHost};
use super::components::landing::Landing;
use super::components::notice::NoticeBar;
use super::components::print_view::PrintView;
use super::components::progress::ProgressBox;
use super::components::province::ProvinceScreen;
use super::components::results::ResultsScreen;
use super::components::review::Review;
use super::components::settings_dialog::SettingsDialog;
use super::components::top_bar::TopBar;
use super::components::why_dialog::WhyDialog;
use super::embed::{Embed, EmbedOptions, EMBED_STORAGE_KEY};
use super::engine::Role;
use super::settings::STORAGE_KEY;
use super::state::{Action, Effect, Screen, State};
use crate::model::Text;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::FileList;
use yew::prelude::*;

/// Starts the page (called by index.html after the wasm module is loaded).
#[wasm_bindgen]
pub fn start_app() {
    console_error_panic_hook::set_once();
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) {
        yew::Renderer::<App>::with_root(root).render();
    }
}

/// Where the app runs when `www/dunghen-embed.js` mounts it inside a `<dung-hen>` element (issue 6).
pub struct Host {
    /// The element's attributes, checked.
    pub embed: Embed,
    /// The element the app renders into, inside the element's shadow root.
    pub root: web_sys::Element,
    /// The worker script and the compiled wasm module to hand it.
    pub worker_url: String,
    pub module: JsValue,
    /// Called with the `dunghen-checked` event's detail (JSON) when a check finishes; the loader sends the event.
    pub on_checked: js_sys::Function,
}

#[derive(Properties, Default)]
pub struct AppProps {
    /// None: the full page (`start_app`).
    #[prop_or_default]
    pub host: Option<Rc<Host>>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        match (&self.host, &other.host) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

/// An app mounted by `mount_into`; the loader destroys it when the element leaves the page or its attributes change.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen]
impl Mounted {
    pub fn destroy(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
    }
}

/// Mounts the app into `root` (an element inside the `<dung-hen>` element's shadow root). `options_json` holds
/// the element's attributes ([`EmbedOptions`]); throws a JSON `Text` when one of them cannot be used.
#[wasm_bindgen]
pub fn mount_into(
    root: web_sys::Element,
    options_json: &str,
    worker_url: String,
    module: JsValue,
    on_checked: js_sys::Function,
) -> Result<Mounted, JsValue> {
    console_error_panic_hook::set_once();
    let to_js = |m: Text| JsValue::from(serde_json::to_string(&m).unwrap_or_default());
    let options: EmbedOptions = serde_json::from_str(options_json).map_err(|e| {
        to_js(Text::new(format!("Thuộc tính không đọc được: {e}"), format!("Unreadable attributes: {e}")))
    })?;
    let embed = options.resolve().map_err(to_js)?;
    let host = Rc::new(Host { embed, root: root.clone(), worker_url, module, on_checked });
    let handle = yew::Renderer::<App>::with_root_and_props(root, AppProps { host: Some(host) }).render();
    Ok(Mounted { handle: Some(handle) })
}

/// The page's state and what carries out its effects. [`Store::dispatch`] applies an action (the reducer, once),
/// renders, and hands the effects the reducer returned to the bridge, in order.
struct Store {
    state: RefCell<Rc<State>>,
    bridge: Rc<Bridge>,
    render: UseForceUpdateHandle,
}

impl Store {
    fn new(host: Option<&Host>, render: UseForceUpdateHandle) -> Rc<Store> {
        // Embedded, the element keeps its own settings, with its attributes laid over them.
        let key = if host.is_some() { EMBED_STORAGE_KEY } else { STORAGE_KEY };
        let stored = bridge::load_settings(key);
        let state = match host {
            Some(x) => State::new(x.embed.settings(stored), x.embed.as_of.or_else(bridge::today)),
            None => State::new(stored, bridge::today()),
        };
        let page = match host {
            Some(x) => PageHost {
                worker_url: x.worker_url.clone(),
                module: x.module.clone(),
                storage_key: key,
                // Embedded, the language is the element's own: the host page's <html lang> is not ours to change.
                lang_root: Some(x.root.clone()),
                on_checked: Some(x.on_checked.clone()),
            },
            None => PageHost {
                worker_url: bridge::page_worker_url(),
                module: bridge::page_module(),
                storage_key: key,
                lang_root: web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()),
                on_checked: None,
            },
        };
        let settings = state.settings.clone();
        let store = Rc::new_cyclic(|me: &Weak<Store>| {
            let me = me.clone();
            let dispatch = Callback::from(move |a| {
                if let Some(store) = me.upgrade() {
                    store.dispatch(a);
                }
            });
            Store { state: RefCell::new(Rc::new(state)), bridge: Bridge::new(dispatch, page), render }
        });
        store.bridge.start();
        // The page shows the language of the settings from the start.
        store.bridge.run(Effect::SaveSettings(settings));
        store
    }

    fn dispatch(&self, action: Action) {
        let effects = Rc::make_mut(&mut self.state.borrow_mut()).apply(action);
        self.render.force_update();
        for effect in effects {
            self.bridge.run(effect);
        }
    }
}

/// `#selftest` in the address shows a button that makes the worker panic, for the browser tests.
fn selftest() -> bool {
    web_sys::window().and_then(|w| w.location().hash().ok()).is_some_and(|h| h == "#selftest")
}

#[function_component(App)]
fn app(props: &AppProps) -> Html {
    let render = use_force_update();
    let store = {
        let host = props.host.clone();
        use_memo((), move |_| Store::new(host.as_deref(), render))
    };
    let dispatch = {
        let store = Rc::clone(&store);
        (*use_memo((), move |_| Callback::from(move |a| store.dispatch(a)))).clone()
    };
    let s = store.state.borrow().clone();
    // The elapsed time of a job, every 250 ms while it runs.
    {
        let d = dispatch.clone();
        use_effect_with(s.job.as_ref().map(|j| j.id), move |job| {
            let mut timer: Option<(i32, Closure<dyn FnMut()>)> = None;
            if job.is_some() {
                let started = bridge::now();
                let tick = Closure::<dyn FnMut()>::new(move || d.emit(Action::Tick(bridge::now() - started)));
                if let Some(w) = web_sys::window() {
                    let every =
                        w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 250);
                    if let Ok(id) = every {
                        timer = Some((id, tick));
                    }
                }
            }
            move || {
                if let (Some((id, _)), Some(w)) = (timer, web_sys::window()) {
                    w.clear_interval_with_handle(id);
                }
            }
        });
    }
    let on_files = {
        let (bridge, d) = (store.bridge.clone(), dispatch.clone());
        Callback::from(move |(list, role): (FileList, Role)| d.emit(Action::AddFiles(bridge.add_files(&list, role))))
    };
    let on_import = {
        let d = dispatch.clone();
        Callback::from(move |file: web_sys::File| {
            let d = d.clone();
            bridge::read_text(file, Callback::from(move |(name, text)| d.emit(Action::ImportProfile { name, text })));
        })
    };
    let lang = s.lang();
    let as_of_valid = s.as_of.is_some();
    let screen = match s.screen {
        Screen::Landing => html! {
            <Landing {lang} mode={s.mode} files={s.files.clone()} as_of_text={s.as_of_text.clone()} {as_of_valid}
                busy={s.job.is_some()} on_files={on_files} dispatch={dispatch.clone()} />
        },
        Screen::Rollup => match &s.rollup {
            Some(view) => html! {
                <ProvinceScreen {lang} view={view.clone()} exporting={s.exporting} downloads={s.downloads.clone()}
                    dispatch={dispatch.clone()} />
            },
            None => html! {},
        },
        Screen::Review => html! {
            <Review {lang} inspection={s.inspection.clone()} files={s.files.clone()} read={s.read.clone()}
                as_of_text={s.as_of_text.clone()} {as_of_valid} blocker={s.blocker()} dispatch={dispatch.clone()} />
        },
        Screen::Results => match (&s.report, &s.view) {
            (Some(report), Some(view)) => html! {
                <ResultsScreen {lang} report={report.clone()} view={view.clone()} period={s.period} tab={s.tab}
                    query={s.query()} busy={s.view_stale()} tour={s.tour} exporting={s.exporting}
                    without_dossiers={s.without_dossiers} downloads={s.downloads.clone()} dispatch={dispatch.clone()} />
            },
            _ => html! {},
        },
    };
    let crash_test = selftest().then(|| {
        let d = dispatch.clone();
        let onclick = Callback::from(move |_| d.emit(Action::CrashTest));
        html! { <button type="button" id="crash-test" {onclick}>{ "Crash test" }</button> }
    });
    // Each optional part is one node, present or empty: Yew matches unkeyed children from the end, so a list
    // that grows (`{ for … }`) would have it rebuild every node before it.
    let notice = s.notice.clone().map(|notice| html! { <NoticeBar {notice} {lang} dispatch={dispatch.clone()} /> });
    let progress = s.job.clone().map(|job| html! { <ProgressBox {lang} {job} dispatch={dispatch.clone()} /> });
    let why = s.why.clone().map(|why| html! { <WhyDialog {lang} {why} dispatch={dispatch.clone()} /> });
    let settings = s.settings_open.then(|| {
        html! {
            <SettingsDialog {lang} settings={s.settings.clone()} year={s.year()} {on_import} dispatch={dispatch.clone()} />
        }
    });
    let print = s.report.clone().map(|report| {
        html! {
            <PrintView {report} view={s.view.clone()} print={s.print.clone()} period={s.period}
                agency={s.settings.agency.clone()} place={s.settings.place.clone()} />
        }
    });
    html! {
        <>
        <div class="app" data-screen={format!("{:?}", s.screen).to_lowercase()}
            data-worker={if s.worker_ready { "ready" } else { "loading" }}>
            <TopBar {lang} settings_open={s.settings_open} dispatch={dispatch.clone()} />
            { notice.unwrap_or_default() }
            <main id="main">{ screen }</main>
            { progress.unwrap_or_default() }
            { why.unwrap_or_default() }
            { settings.unwrap_or_default() }
            <footer class="foot">
                { crash_test.unwrap_or_default() }
                <p>{ lang.pick(
                    "Đúng Hẹn chạy hoàn toàn trong trình duyệt (WebAssembly). Trang không tải phông chữ, thư viện hay \
                        dữ liệu từ nơi khác; chính sách bảo mật nội dung (CSP) của trang chặn mọi kết nối ra ngoài.",
                    "Đúng Hẹn runs entirely in your browser (WebAssembly). The page loads no fonts, libraries or data \
                        from elsewhere; its Content-Security-Policy blocks every outside connection.",
                ) }</p>
            </footer>
        </div>
        { print.unwrap_or_default() }
        </>
    }
}
