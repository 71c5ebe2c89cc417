//! `/projects/:id/handoff`: the handoff builder. Reads the project's sources once, then rebuilds
//! the bundle (a pure function) on every change of target, format, budget, kind and sections:
//! live preview with the estimate and what was trimmed, the lint with one-click redaction, copy,
//! download and queue (each confirmed when the lint found errors: a secret or an empty required
//! section leaves the browser by any of the three). Prompt tools sit below.
//!
//! Longer than 400 lines because `Builder` is one component on purpose: its options (target,
//! format, budget, kind, sections, redactions) all feed the one `handoff::check` memo and its
//! three actions; the panels that stand alone are in this folder (targets, lint, panes,
//! walkthrough, prompt tools).

mod lint_list;
mod panes;
mod prompt_tools;
mod targets;
mod walkthrough;

use crate::components::{Icon, IconName};
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use crate::nav::paths;
use crate::platform::{format_datetime, now};
use crate::preferences;
use crate::state::{service, use_app, ToastKind};
use crate::ui::write_clipboard;
use crate::ui::{ConfirmDialog, ErrorNote, Field, FieldControl, Form, ListSkeleton};
use baton_core::handoff::{self, BuildOptions, Checked, SectionKind};
use baton_core::locale::{self, format_integer, Language};
use baton_core::records::{BundleFormat, StoreName};
use baton_core::service::{Error, HandoffSources, QueueDraft};
use baton_core::validate::{self, FieldErrors};
use baton_core::{Id, Timestamp};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use lint_list::LintList;
use panes::{Pane, PaneTabs};
use prompt_tools::PromptTools;
use std::collections::BTreeSet;
use targets::TargetCards;
use walkthrough::Walkthrough;

/// The hint key of the first-visit walkthrough.
const WALKTHROUGH_HINT: &str = "handoff-builder-walkthrough";

#[component]
pub fn HandoffBuilder() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let id = super::use_id_param();
    let sources = LocalResource::new(move || {
        for store in [StoreName::Projects, StoreName::Sessions, StoreName::Checkpoints, StoreName::Accounts] {
            state.track(store);
        }
        let id = id.get();
        async move {
            match id {
                Some(id) => service().handoff_sources(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    super::mark_ready_when(sources);
    move || {
        match sources.get() {
        None => view! { <ListSkeleton rows=8 /> }.into_any(),
        Some(Ok(None)) | Some(Err(Error::NotFound(_))) => view! {
            <super::PageHeader title=Signal::stored(t_string!(i18n, builder.not_found_title).to_string()) />
            <div class="empty-state">
                <p class="empty-state__text">{t!(i18n, builder.not_found_text)}</p>
                <A href=crate::pwa::href(paths::PROJECTS) attr:class="btn btn--primary">{t!(i18n, builder.all_projects)}</A>
            </div>
        }
        .into_any(),
        Some(Err(error)) => view! { <ErrorNote message=crate::i18n::errors::service_error(&error) /> }.into_any(),
        Some(Ok(Some(sources))) => view! { <Builder sources=sources /> }.into_any(),
    }
    }
}

/// The budget a target gets by default: the preferred share of its context window.
fn default_budget(sources: &HandoffSources, target: Option<Id>) -> String {
    let percent = preferences::load().budget_percent.clamp(1, 100) as u64;
    target
        .and_then(|id| sources.account(id))
        .map(|account| (account.context_window_tokens as u64 * percent / 100).to_string())
        .unwrap_or_default()
}

fn mime(format: BundleFormat) -> &'static str {
    match format {
        BundleFormat::Json => "application/json",
        BundleFormat::Xml => "application/xml",
        BundleFormat::Plain => "text/plain",
        BundleFormat::Markdown | BundleFormat::Classic => "text/markdown",
    }
}

#[component]
fn Builder(sources: HandoffSources) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let project_id = sources.project.id;
    let project_name = sources.project.name.clone();
    let built_at: Timestamp = now();
    let handoff_id = service().new_id();
    let preferences = preferences::load();

    // The best eligible account is preselected; nothing is stored until the user queues.
    let initial_ranking = sources.rank(None, None, built_at);
    let initial_target = initial_ranking.iter().find(|ranked| ranked.eligible).map(|ranked| ranked.account.id);
    let initial_format = initial_target
        .and_then(|id| sources.account(id))
        .map(|account| preferences.format_for(account.platform))
        .unwrap_or(BundleFormat::Markdown);
    let target = RwSignal::new(initial_target);
    let format = RwSignal::new(initial_format);
    // The bundle speaks the target conversation's language: the account's, else the interface's.
    let language_of = |sources: &HandoffSources, id: Option<Id>| {
        handoff::language_for(id.and_then(|id| sources.account(id)), locale::language())
    };
    let language = RwSignal::new(language_of(&sources, initial_target));
    let budget_text = RwSignal::new(default_budget(&sources, initial_target));
    let paste_limit_text = RwSignal::new(preferences.paste_limit.map(|limit| limit.to_string()).unwrap_or_default());
    let delta = RwSignal::new(false);
    let delta_base = RwSignal::new(
        sources.delta_base_for(initial_target).or(sources.latest_checkpoint()).map(|checkpoint| checkpoint.id),
    );
    let excluded = RwSignal::new(BTreeSet::<SectionKind>::new());
    let priority = RwSignal::new("5".to_string());
    let redacted = RwSignal::new(BTreeSet::<String>::new());
    // The part waiting for "copy anyway" while the confirmation is open.
    let confirm_part = StoredValue::new(0usize);
    let confirm_open = RwSignal::new(false);
    let confirm_download_open = RwSignal::new(false);
    let confirm_queue_open = RwSignal::new(false);
    let queueing = RwSignal::new(false);
    let sources = StoredValue::new(sources);

    let budget = Memo::new(move |_| validate::optional_limit("budget", &budget_text.get()));
    let paste_limit = Memo::new(move |_| validate::optional_limit("paste_limit", &paste_limit_text.get()));
    // The two limits are typed as text and checked as the user types, each message by its field.
    let form = Form::new("builder");
    Effect::new(move |_| {
        let errors = [budget.get().err(), paste_limit.get().err()].into_iter().flatten().collect();
        form.show(&FieldErrors(errors));
    });
    let limit_field = move |name: &'static str, label: &'static str, text: RwSignal<String>, hint: Signal<String>| {
        let control = move |control: FieldControl| {
            let FieldControl { id, described_by, invalid } = control;
            view! {
                <input id=id type="text" inputmode="numeric" prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                    aria-invalid=move || invalid.get().to_string() aria-describedby=described_by />
            }
        };
        view! { <Field form=form name=name label=label hint=hint control=control /> }
    };

    let checked = Memo::new(move |_| {
        let options = BuildOptions {
            format: format.get(),
            language: language.get(),
            budget: budget.get().ok().flatten().map(|budget| budget.min(u32::MAX as u64) as u32),
            paste_limit: paste_limit.get().ok().flatten().map(|limit| limit as usize),
            excluded: excluded.get(),
            ..BuildOptions::default()
        };
        let base = if delta.get() { delta_base.get() } else { None };
        let (target, redacted) = (target.get(), redacted.get());
        sources.with_value(|sources| {
            handoff::check(&sources.build_input(handoff_id, built_at, target, base), &options, &redacted)
        })
    });

    let ranking = Memo::new(move |_| {
        let tokens = checked.with(|checked| checked.built.required_tokens);
        sources.with_value(|sources| sources.rank(Some(tokens), None, built_at))
    });

    let choose_target = move |id: Option<Id>| {
        target.set(id);
        sources.with_value(|sources| {
            budget_text.set(default_budget(sources, id));
            language.set(language_of(sources, id));
            if let Some(account) = id.and_then(|id| sources.account(id)) {
                format.set(preferences::load().format_for(account.platform));
            }
            if let Some(base) = sources.delta_base_for(id) {
                delta_base.set(Some(base.id));
            }
        });
    };

    let error_count = move || checked.with(Checked::error_count);

    let copy_part = move |part: usize| {
        let text = checked.with_untracked(|checked| checked.parts.get(part).cloned().unwrap_or_default());
        let label = checked.with_untracked(|checked| {
            if checked.parts.len() > 1 {
                let (part, total) = (format_integer(part as i64 + 1), format_integer(checked.parts.len() as i64));
                t_string!(i18n, builder.part_copied, part, total).to_string()
            } else {
                t_string!(i18n, builder.bundle_copied).to_string()
            }
        });
        leptos::task::spawn_local(async move {
            match write_clipboard(&text).await {
                Ok(()) => state.toast(ToastKind::Success, label),
                Err(message) => state.toast(ToastKind::Error, message),
            }
        });
    };
    let request_copy = move |part: usize| {
        if error_count() > 0 {
            confirm_part.set_value(part);
            confirm_open.set(true);
        } else {
            copy_part(part);
        }
    };

    let download_name = {
        let project_name = project_name.clone();
        move || handoff::file_name(&project_name, format.get(), built_at)
    };
    let download = {
        let download_name = download_name.clone();
        move || {
            let text = checked.with_untracked(|checked| checked.text.clone());
            let format = format.get_untracked();
            if let Err(message) = crate::ui::download_text(&download_name(), mime(format), &text) {
                state.toast(ToastKind::Error, message);
            }
        }
    };
    let request_download = {
        let download = download.clone();
        move |_| {
            if error_count() > 0 {
                confirm_download_open.set(true);
            } else {
                download();
            }
        }
    };

    let queue = move || {
        if queueing.get_untracked() {
            return;
        }
        let priority_value = match validate::priority(&priority.get_untracked()) {
            Ok(value) => value,
            Err(error) => {
                state.toast(ToastKind::Error, crate::i18n::errors::field_error(&error));
                crate::platform::focus_by_id("builder-priority");
                return;
            }
        };
        let (bundle, knowledge_ids, from_session_id) = checked.with_untracked(|checked| {
            let platform = target
                .get_untracked()
                .and_then(|id| sources.with_value(|sources| sources.account(id).map(|account| account.platform)))
                .unwrap_or(baton_core::records::Platform::Other);
            (
                checked.to_record(format.get_untracked(), platform),
                checked.built.knowledge_ids.clone(),
                sources.with_value(|sources| sources.from_session().map(|session| session.id)),
            )
        });
        let draft = QueueDraft {
            project_id,
            from_session_id,
            to_account_id: target.get_untracked(),
            priority: priority_value,
            bundle,
            knowledge_ids,
        };
        queueing.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = service().queue_handoff(draft).await;
            queueing.set(false);
            match result {
                Ok(_) => {
                    state.toast(ToastKind::Success, t_string!(i18n, builder.queued));
                    navigate(paths::HANDOFFS, Default::default());
                }
                Err(error) => state.report(&error),
            }
        });
    };
    let request_queue = {
        let queue = queue.clone();
        move |_| {
            if error_count() > 0 {
                confirm_queue_open.set(true);
            } else {
                queue();
            }
        }
    };

    let (session_total, has_state) = sources.with_value(|sources| {
        let state = &sources.project.state;
        (
            sources.session_total,
            !(state.current_state.trim().is_empty() && state.next_steps.is_empty() && state.goal.trim().is_empty()),
        )
    });
    let show_walkthrough =
        RwSignal::new(session_total == 0 && !has_state && !preferences::load().hint_dismissed(WALKTHROUGH_HINT));

    let checkpoints: Vec<(Id, String)> = sources.with_value(|sources| {
        sources
            .checkpoints
            .iter()
            .map(|checkpoint| {
                (checkpoint.id, format!("{} — {}", checkpoint.label, format_datetime(checkpoint.created_at)))
            })
            .collect()
    });
    let has_checkpoints = !checkpoints.is_empty();
    let title = t_string!(i18n, builder.page_title, project = &project_name).to_string();
    let number = format_integer(session_total as i64);
    let page_meta = t_string!(i18n, builder.page_meta, count = session_total, number).to_string();
    // A wide screen shows the options and the preview side by side; a phone, as two tabs.
    let narrow = crate::ui::use_narrow_layout();
    let pane = RwSignal::new(Pane::Options);

    view! {
        <super::PageHeader
            title=Signal::stored(title)
            meta=Signal::stored(page_meta)
        >
            <A href=crate::pwa::href(&paths::project(project_id)) attr:class="btn">{t!(i18n, builder.back)}</A>
        </super::PageHeader>
        {move || show_walkthrough.get().then(|| view! { <Walkthrough open=show_walkthrough project_id=project_id pane=pane /> })}
        {move || narrow.get().then(|| view! { <PaneTabs pane=pane /> })}
        <div class="builder">
            <div
                class="builder__pane"
                id="builder-options-pane"
                role=move || narrow.get().then_some("tabpanel")
                aria-labelledby=move || narrow.get().then_some("builder-tab-options")
                hidden=move || narrow.get() && pane.get() != Pane::Options
            >
            <form class="builder__options card form" aria-label=t_string!(i18n, builder.options_label) on:submit=|event| event.prevent_default()>
                <fieldset class="field" id="builder-target" tabindex="-1">
                    <legend class="field__label">{t!(i18n, builder.target)}</legend>
                    <p class="field__hint">{t!(i18n, builder.target_hint)}</p>
                    <TargetCards ranking=ranking target=target choose=Callback::new(choose_target) />
                </fieldset>
                <div class="field">
                    <label class="field__label" for="builder-format">{t!(i18n, builder.format)}</label>
                    <select id="builder-format" on:change=move |event| {
                        if let Some(chosen) = BundleFormat::parse(&event_target_value(&event)) { format.set(chosen) }
                    }>
                        {BundleFormat::ALL.iter().map(|option| {
                            let option = *option;
                            view! { <option value=option.as_str() prop:selected=move || format.get() == option>{option.label()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field__hint">{t!(i18n, builder.format_hint)}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="builder-language">{t!(i18n, builder.bundle_language)}</label>
                    <select id="builder-language" aria-describedby="builder-language-hint" on:change=move |event| {
                        if let Some(chosen) = Language::from_code(&event_target_value(&event)) { language.set(chosen) }
                    }>
                        {Language::ALL.into_iter().map(|option| view! {
                            <option value=option.code() lang=option.code() prop:selected=move || language.get() == option>{option.native_name()}</option>
                        }).collect_view()}
                    </select>
                    <p class="field__hint" id="builder-language-hint">{t!(i18n, builder.bundle_language_hint)}</p>
                </div>
                {limit_field("budget", t_string!(i18n, builder.budget), budget_text, Signal::derive(move || match budget.get() {
                    Ok(None) => t_string!(i18n, builder.no_budget).to_string(),
                    _ => {
                        let percent = format_integer(preferences::load().budget_percent as i64);
                        t_string!(i18n, builder.budget_default, percent).to_string()
                    }
                }))}
                {limit_field("paste_limit", t_string!(i18n, builder.paste_limit), paste_limit_text, Signal::stored(
                    t_string!(i18n, builder.paste_limit_hint).to_string(),
                ))}
                <fieldset class="field radio-group">
                    <legend class="field__label">{t!(i18n, builder.bundle)}</legend>
                    <label><input type="radio" name="bundle-kind" prop:checked=move || !delta.get() on:change=move |_| delta.set(false) />" "{t!(i18n, builder.full_state)}</label>
                    <label>
                        <input type="radio" name="bundle-kind" disabled=!has_checkpoints prop:checked=move || delta.get() on:change=move |_| delta.set(true) />
                        " "
                        {t!(i18n, builder.delta)}
                    </label>
                    {(!has_checkpoints).then(|| view! { <p class="field__hint">{t!(i18n, builder.delta_needs_checkpoint)}</p> })}
                </fieldset>
                {has_checkpoints.then(|| view! {
                    <div class="field">
                        <label class="field__label" for="builder-delta-base">{t!(i18n, builder.since)}</label>
                        <select id="builder-delta-base" disabled=move || !delta.get() on:change=move |event| delta_base.set(Id::parse(&event_target_value(&event)))>
                            {checkpoints.iter().map(|(id, label)| {
                                let id = *id;
                                view! { <option value=id.to_string() prop:selected=move || delta_base.get() == Some(id)>{label.clone()}</option> }
                            }).collect_view()}
                        </select>
                        <p class="field__hint">{t!(i18n, builder.since_hint)}</p>
                    </div>
                })}
                <fieldset class="field">
                    <legend class="field__label">{t!(i18n, builder.optional_sections)}</legend>
                    {SectionKind::ALL.iter().filter(|kind| !kind.is_required()).map(|kind| {
                        let kind = *kind;
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=move || !excluded.get().contains(&kind)
                                    on:change=move |event| {
                                        let on = event_target_checked(&event);
                                        excluded.update(|set| { if on { set.remove(&kind); } else { set.insert(kind); } });
                                    } />
                                {format!(" {}", kind.label())}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label class="field__label" for="builder-priority">{t!(i18n, builder.priority)}</label>
                    <input id="builder-priority" type="number" min="1" max="10" prop:value=move || priority.get()
                        on:input=move |event| priority.set(event_target_value(&event)) />
                </div>
            </form>
            </div>
            <div
                class="builder__pane builder__pane--preview"
                id="builder-preview-pane"
                role=move || narrow.get().then_some("tabpanel")
                aria-labelledby=move || narrow.get().then_some("builder-tab-preview")
                hidden=move || narrow.get() && pane.get() != Pane::Preview
            >
            <section class="builder__preview card" aria-labelledby="builder-preview-title">
                // The title, the actions and the figures stay at the top of the preview while its
                // text scrolls.
                <div class="builder__bar">
                    <div class="row">
                        <h2 class="section__title" id="builder-preview-title" tabindex="-1">{t!(i18n, builder.preview)}</h2>
                        <span class="spacer"></span>
                        <button type="button" class="btn" on:click=move |_| request_copy(0)>
                            <Icon name=IconName::Copy />
                            " "
                            {move || if checked.with(|checked| checked.parts.len() > 1) {
                                t_string!(i18n, builder.copy_first_part)
                            } else {
                                t_string!(i18n, builder.copy_bundle)
                            }}
                        </button>
                        <button type="button" class="btn" on:click=request_download>
                            <Icon name=IconName::Download />
                            " "
                            {t!(i18n, builder.download)}
                        </button>
                        <button type="button" class="btn btn--primary" on:click=request_queue disabled=move || queueing.get()>{t!(i18n, builder.queue)}</button>
                    </div>
                    <p class="builder__figures" id="builder-estimate" role="status">{move || checked.with(crate::i18n::core_text::bundle_figures).into_iter().map(|piece| view! { <span>{piece}</span> }).collect_view()}</p>
                </div>
                {move || checked.with(crate::i18n::core_text::bundle_over_budget).map(|warning| view! {
                    <p class="banner banner--warning">{warning}</p>
                })}
                <p class="builder__trimmed" id="builder-trimmed">{move || checked.with(crate::i18n::core_text::bundle_trimmed)}</p>
                <p class="builder__split" id="builder-split">{move || checked.with(crate::i18n::core_text::bundle_split)}</p>
                {move || {
                    let parts = checked.with(|checked| checked.parts.clone());
                    let count = parts.len();
                    parts.into_iter().enumerate().map(|(position, part)| {
                        let label = if count > 1 {
                            let (part, total) = (format_integer(position as i64 + 1), format_integer(count as i64));
                            t_string!(i18n, builder.part_of, part, total).to_string()
                        } else {
                            t_string!(i18n, builder.bundle_text).to_string()
                        };
                        let heading_id = format!("builder-part-{position}");
                        view! {
                            <div class="builder__part">
                                {(count > 1).then(|| view! {
                                    <div class="row">
                                        <h3 class="section__subtitle" id=heading_id.clone()>{label.clone()}</h3>
                                        <span class="spacer"></span>
                                        <button type="button" class="btn btn--small" on:click=move |_| request_copy(position)>{t_string!(i18n, builder.copy_part, part = format_integer(position as i64 + 1)).to_string()}</button>
                                    </div>
                                })}
                                <pre class="bundle-preview" tabindex="0" aria-label=label>{part}</pre>
                            </div>
                        }
                    }).collect_view()
                }}
                <LintList checked=checked redacted=redacted />
            </section>
            </div>
        </div>
        <PromptTools project_id=project_id draft=Signal::derive(move || checked.with(|checked| checked.text.clone())) />
        <ConfirmDialog
            open=confirm_open
            title=Signal::stored(t_string!(i18n, builder.confirm.copy_title).to_string())
            message=Signal::derive(move || {
                let (count, number) = (error_count(), format_integer(error_count() as i64));
                t_string!(i18n, builder.confirm.copy_message, count, number).to_string()
            })
            confirm_label=t_string!(i18n, builder.confirm.copy_label)
            danger=true
            on_confirm=move || copy_part(confirm_part.get_value())
        />
        <ConfirmDialog
            open=confirm_download_open
            title=Signal::stored(t_string!(i18n, builder.confirm.download_title).to_string())
            message=Signal::derive(move || {
                let (count, number) = (error_count(), format_integer(error_count() as i64));
                t_string!(i18n, builder.confirm.download_message, count, number).to_string()
            })
            confirm_label=t_string!(i18n, builder.confirm.download_label)
            danger=true
            on_confirm=download
        />
        <ConfirmDialog
            open=confirm_queue_open
            title=Signal::stored(t_string!(i18n, builder.confirm.queue_title).to_string())
            message=Signal::derive(move || {
                let (count, number) = (error_count(), format_integer(error_count() as i64));
                t_string!(i18n, builder.confirm.queue_message, count, number).to_string()
            })
            confirm_label=t_string!(i18n, builder.confirm.queue_label)
            danger=true
            on_confirm=queue
        />
    }
}
