//! The command palette (Ctrl+K / Cmd+K, or "Search" in the navigation): one box that finds any
//! record (projects, accounts, sessions, transcripts, checkpoints, handoffs, knowledge) and runs
//! the frequent commands. A combobox over a listbox grouped by type; ↑/↓ move, Enter opens, Esc
//! closes and focus returns to where it was.

mod listing;

use crate::components::StartSessionDialog;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::search_index::{self, IndexStatus};
use crate::state::{use_app, DbStatus, ToastKind};
use crate::ui::Dialog;
use baton_core::search::{DocKind, Snippet};
use baton_core::Id;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use listing::{listing, Command, Entry, Listing};
use std::cell::Cell;
use wasm_bindgen::JsCast;

const INPUT_ID: &str = "palette-input";
const LIST_ID: &str = "palette-results";

thread_local! {
    static OPEN: Cell<Option<RwSignal<bool>>> = const { Cell::new(None) };
}

/// Opens the palette (from the keyboard shortcut or the navigation's button). While another
/// dialog is open it does nothing; when the palette is open already, its box takes focus.
pub fn open_palette() {
    let Some(open) = OPEN.with(Cell::get) else { return };
    let document = web_sys::window().and_then(|window| window.document());
    let other_dialog = document
        .as_ref()
        .and_then(|document| document.query_selector("dialog[open]").ok().flatten())
        .is_some_and(|dialog| dialog.query_selector(&format!("#{INPUT_ID}")).ok().flatten().is_none());
    if other_dialog {
        return;
    }
    if open.get_untracked() {
        crate::platform::focus_by_id(INPUT_ID);
    } else {
        open.set(true);
    }
}

fn option_id(index: usize) -> String {
    format!("palette-option-{index}")
}

/// Scrolls the active option into view (only as far as needed).
fn reveal(index: usize) {
    let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(&option_id(index)))
    else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    if let Ok(scroll) = js_sys::Reflect::get(&element, &"scrollIntoView".into()) {
        if let Ok(scroll) = scroll.dyn_into::<js_sys::Function>() {
            let _ = scroll.call1(&element, &options);
        }
    }
}

/// Switches light ↔ dark (from the system's choice when none was made).
fn toggle_theme() -> crate::theme::Theme {
    use crate::theme::Theme;
    let dark_now = match crate::theme::load() {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => web_sys::window()
            .and_then(|window| window.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|query| query.matches()),
    };
    let next = if dark_now { Theme::Light } else { Theme::Dark };
    crate::theme::save(next);
    next
}

/// The primary action in the page's header ("New project" on the projects page).
fn primary_action() -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(".page-header__actions .btn--primary").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Whether the projects page is the one in the address bar.
fn on_projects_page() -> bool {
    web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .is_some_and(|path| path == crate::pwa::href(paths::PROJECTS))
}

/// Clicks the projects page's "New project" button once that page is drawn (up to 5 s). The page
/// left behind may still show its own primary button: `previous` is that one, never clicked (the
/// button is told by place, not by its words, which follow the language).
fn click_new_project(previous: Option<web_sys::HtmlElement>, tries: u32) {
    let button = primary_action()
        .filter(|_| on_projects_page())
        .filter(|button| previous.as_ref().is_none_or(|previous| !previous.is_same_node(Some(button))));
    match button {
        Some(button) => {
            let _ = button.focus();
            button.click();
        }
        None if tries < 100 => {
            set_timeout(move || click_new_project(previous, tries + 1), std::time::Duration::from_millis(50));
        }
        None => {}
    }
}

#[component]
pub fn CommandPalette() -> impl IntoView {
    let i18n = use_i18n();
    let language = crate::i18n::use_interface_language().0;
    let state = use_app();
    let index = search_index::install(state);
    let open = RwSignal::new(false);
    OPEN.with(|slot| slot.set(Some(open)));
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let starting = RwSignal::new(false);
    let navigate = use_navigate();

    // A fresh box each time it opens.
    Effect::new(move |_| {
        if open.get() {
            query.set(String::new());
            active.set(0);
        }
    });

    let results = Memo::new(move |_| {
        index.version.track();
        if !open.get() {
            return Listing::default();
        }
        listing(&query.get())
    });
    let flat = Memo::new(move |_| {
        results.with(|listing| {
            listing.groups.iter().flat_map(|group| group.entries.iter().cloned()).collect::<Vec<Entry>>()
        })
    });
    // Snippets come from the records shown, read back after each search (with the query they
    // are for: until they match the listing, the list is busy).
    let snippets = LocalResource::new(move || {
        let (query, hits, words) = results.with(|listing| {
            let hits: Vec<(DocKind, Id)> = listing
                .groups
                .iter()
                .flat_map(|group| group.entries.iter())
                .filter_map(|entry| match entry {
                    Entry::Record(hit) => Some((hit.kind, hit.id)),
                    Entry::Command(_) => None,
                })
                .collect();
            (listing.query.clone(), hits, listing.words.clone())
        });
        async move { (query, search_index::snippets(hits, words).await) }
    });
    let busy = move || {
        let listed = results.with(|listing| listing.query.clone());
        snippets.with(|found| found.as_ref().is_none_or(|(query, _)| *query != listed))
    };

    let choose = StoredValue::new_local(move |entry: Entry| {
        open.set(false);
        match entry {
            Entry::Record(hit) => navigate(&hit.path(), Default::default()),
            Entry::Command(command) => match command {
                Command::NewProject => {
                    // Already there: the button on the page is the one.
                    let previous = if on_projects_page() { None } else { primary_action() };
                    navigate(paths::PROJECTS, Default::default());
                    click_new_project(previous, 0);
                }
                Command::StartSession => starting.set(true),
                Command::BuildHandoff(id, _) => navigate(&paths::handoff_builder(id), Default::default()),
                Command::ExportEverything => navigate(paths::DATA, Default::default()),
                Command::ToggleTheme => {
                    let message = match toggle_theme() {
                        crate::theme::Theme::Light => t_string!(i18n, shell.theme.now_light),
                        _ => t_string!(i18n, shell.theme.now_dark),
                    };
                    state.toast(ToastKind::Success, message);
                }
                Command::GoTo(path, _) => navigate(path, Default::default()),
            },
        }
    });
    let choose_at = move |position: usize| {
        if let Some(entry) = flat.with_untracked(|entries| entries.get(position).cloned()) {
            choose.with_value(|choose| choose(entry));
        }
    };

    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let count = flat.with_untracked(Vec::len);
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                let next = (active.get_untracked() + 1) % count;
                active.set(next);
                reveal(next);
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                let next = (active.get_untracked() + count - 1) % count;
                active.set(next);
                reveal(next);
            }
            "Enter" => {
                event.prevent_default();
                if !event.is_composing() {
                    choose_at(active.get_untracked());
                }
            }
            _ => {}
        }
    };

    let status_text = move || {
        let count = flat.with(|entries| entries.iter().filter(|entry| matches!(entry, Entry::Record(_))).count());
        let typed = query.with(|query| !query.trim().is_empty());
        match index.status.get() {
            IndexStatus::Waiting => t_string!(i18n, shell.palette.opening).to_string(),
            IndexStatus::Building { done, total } => t_string!(
                i18n,
                shell.palette.indexing,
                done = baton_core::locale::format_integer(done as i64),
                total = baton_core::locale::format_integer(total as i64)
            )
            .to_string(),
            IndexStatus::Failed => t_string!(i18n, shell.palette.failed).to_string(),
            IndexStatus::Ready if !typed => t_string!(i18n, shell.palette.prompt).to_string(),
            IndexStatus::Ready if count == 0 => String::new(),
            IndexStatus::Ready => t_string!(
                i18n,
                shell.palette.found,
                count = count as i64,
                n = baton_core::locale::format_integer(count as i64)
            )
            .to_string(),
        }
    };

    view! {
        <Dialog open=open title=Signal::derive(move || t_string!(i18n, shell.palette.title).to_string()) wide=true>
            <div class="palette">
                <input
                    id=INPUT_ID
                    class="palette__input"
                    type="text"
                    role="combobox"
                    autofocus
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=move || t_string!(i18n, shell.palette.placeholder)
                    aria-label=move || t_string!(i18n, shell.palette.input_label)
                    aria-autocomplete="list"
                    aria-expanded="true"
                    aria-controls=LIST_ID
                    aria-activedescendant=move || {
                        let count = flat.with(Vec::len);
                        (count > 0).then(|| option_id(active.get().min(count - 1)))
                    }
                    prop:value=move || query.get()
                    on:input=move |event| {
                        query.set(event_target_value(&event));
                        active.set(0);
                    }
                    on:keydown=on_keydown
                />
                <p class="palette__status" role="status">{status_text}</p>
                // `data-query` names the query listed (the benchmark times a keystroke to the frame
                // where its results and their snippets are shown).
                <div
                    class="palette__results"
                    id=LIST_ID
                    role="listbox"
                    aria-label=move || t_string!(i18n, shell.palette.results_label)
                    aria-busy=move || busy().to_string()
                    data-query=move || results.with(|listing| listing.query.clone())
                >
                    {move || {
                        let mut position = 0usize;
                        results
                            .get()
                            .groups
                            .into_iter()
                            .enumerate()
                            .map(|(number, group)| {
                                let heading = format!("palette-group-{number}");
                                let labelled_by = heading.clone();
                                let options = group
                                    .entries
                                    .into_iter()
                                    .map(|entry| {
                                        let at = position;
                                        position += 1;
                                        let snippet = match &entry {
                                            Entry::Record(hit) => {
                                                let id = hit.id;
                                                Signal::derive(move || {
                                                    snippets.with(|found| {
                                                        found.as_ref().and_then(|(_, found)| {
                                                            found.iter().find(|(hit, _)| *hit == id).map(|(_, snippet)| snippet.clone())
                                                        })
                                                    })
                                                })
                                            }
                                            Entry::Command(_) => Signal::stored(None),
                                        };
                                        view! { <PaletteOption entry=entry snippet=snippet position=at active=active on_choose=choose_at /> }
                                    })
                                    .collect_view();
                                view! {
                                    <div class="palette__group" role="group" aria-labelledby=labelled_by>
                                        <div class="palette__group-label" id=heading role="presentation">{group.label}</div>
                                        {options}
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                </div>
                <Show when=move || {
                    query.with(|query| !query.trim().is_empty()) && flat.with(Vec::is_empty)
                }>
                    <p class="palette__empty">
                        {move || t_string!(i18n, shell.palette.nothing_matches, query = query.get().trim().to_string()).to_string()}
                    </p>
                </Show>
                <p class="palette__keys" aria-hidden="true">
                    <kbd>"↑"</kbd><kbd>"↓"</kbd>" "{t!(i18n, shell.palette.key_move)}" · "<kbd>"Enter"</kbd>" "
                    {t!(i18n, shell.palette.key_open)}" · "<kbd>"Esc"</kbd>" "{t!(i18n, shell.palette.key_close)}
                </p>
            </div>
        </Dialog>
        // Rebuilt on a language switch: the dialog's labels are worded when it is built.
        <Show when=move || state.db_status.get() == DbStatus::Ready>
            {move || {
                language.track();
                view! { <StartSessionDialog open=starting project_id=None /> }
            }}
        </Show>
    }
}

#[component]
fn PaletteOption(
    entry: Entry,
    snippet: Signal<Option<Snippet>>,
    position: usize,
    active: RwSignal<usize>,
    on_choose: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let selected = move || active.get() == position;
    let (title, context, kind) = match &entry {
        Entry::Command(command) => (command.label(), command.hint().to_string(), None),
        Entry::Record(hit) => (hit.title.clone(), hit.context.clone(), Some(hit.kind)),
    };
    let class = match kind {
        None => "palette__option palette__option--command",
        Some(DocKind::Turn) => "palette__option palette__option--turn",
        Some(_) => "palette__option",
    };
    view! {
        <div
            class=class
            id=option_id(position)
            role="option"
            aria-selected=move || selected().to_string()
            on:mousemove=move |_| {
                if active.get_untracked() != position {
                    active.set(position);
                }
            }
            // Keep focus in the box: a mouse press must not move it to the option.
            on:mousedown=|event| event.prevent_default()
            on:click=move |_| on_choose(position)
        >
            // The spaces between the parts keep them apart in the option's accessible name.
            <span class="palette__title">{title}</span>
            {(!context.is_empty()).then(|| view! { " "<span class="palette__context">{context}</span> })}
            {move || snippet.get().map(|snippet| view! {
                " "
                <span class="palette__snippet">
                    <span class="palette__field">{format!("{}: ", crate::i18n::core_text::search_field(snippet.field))}</span>
                    {snippet
                        .parts
                        .into_iter()
                        .map(|part| if part.matched {
                            view! { <mark>{part.text}</mark> }.into_any()
                        } else {
                            part.text.into_any()
                        })
                        .collect_view()}
                </span>
            })}
        </div>
    }
}

/// The navigation's "Search" button (Ctrl+K).
#[component]
pub fn SearchButton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="nav__link nav__search" aria-keyshortcuts="Control+K Meta+K" on:click=|_| open_palette()>
            <svg class="icon" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor"
                stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
                <circle cx="11" cy="11" r="8" />
                <path d="m21 21-4.3-4.3" />
            </svg>
            <span class="nav__label">{t!(i18n, shell.nav.search)}</span>
            <kbd class="nav__kbd" aria-hidden="true">"Ctrl K"</kbd> // not UI: key names, as printed on the keys
        </button>
    }
}
