//! A project's checkpoints: take one (it copies the living state), view, compare any two,
//! restore (which first keeps the replaced state, so the toast's "Undo" restores that), edit what
//! the user wrote about one (never its captured state), and delete one to the trash (with Undo;
//! the Data page's trash restores it too).

use super::living_state::LivingStateView;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, tu_string, use_i18n};
use crate::platform::format_datetime;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{
    async_view, bind, trash_with_undo, use_action_with_options, ConfirmDialog, Dialog, Form, FormFooter, ListSkeleton,
    TextField, TextKind, UseActionOptions,
};
use baton_core::locale::format_integer;
use baton_core::records::{Checkpoint, CheckpointKind, RecordType, StoreName};
use baton_core::service::{CheckpointDraft, Error};
use baton_core::Id;
use leptos::prelude::*;
use std::rc::Rc;

const PAGE_SIZE: u32 = 10;

#[component]
pub fn CheckpointsSection(project_id: Id) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let taking = RwSignal::new(false);
    let offset = RwSignal::new(0u32);
    let compare_from = RwSignal::new(None::<Id>);
    let compare_to = RwSignal::new(None::<Id>);
    let comparing = RwSignal::new(false);
    let checkpoints = LocalResource::new(move || {
        state.track(StoreName::Checkpoints);
        let offset = offset.get();
        async move { service().checkpoints(project_id, offset, PAGE_SIZE).await }
    });
    view! {
        <section class="section" aria-labelledby="checkpoints-title">
            <div class="row">
                <h2 class="section__title" id="checkpoints-title">{t!(i18n, project.checkpoints.title)}</h2>
                <span class="spacer"></span>
                <button type="button" class="btn btn--small" on:click=move |_| taking.set(true)>{t!(i18n, project.checkpoints.take)}</button>
            </div>
            {async_view(checkpoints, 2, move |page| {
                if page.total == 0 {
                    return view! {
                        <p class="muted">{t!(i18n, project.checkpoints.empty)}</p>
                    }.into_any();
                }
                let total = page.total;
                let last = page.offset as u64 + page.items.len() as u64;
                let at_end = last >= total;
                let first = page.offset + 1;
                view! {
                    <ul class="list" aria-label=t_string!(i18n, project.checkpoints.title)>
                        {page.items.into_iter().map(|checkpoint| view! {
                            <CheckpointRow checkpoint=checkpoint compare_from=compare_from compare_to=compare_to />
                        }).collect_view()}
                    </ul>
                    <div class="pager">
                        <span>{t_string!(
                            i18n,
                            project.checkpoints.range,
                            first = format_integer(i64::from(first)),
                            last = format_integer(last as i64),
                            total = format_integer(total as i64)
                        )}</span>
                        <button type="button" class="btn btn--small" disabled=move || offset.get() == 0
                            on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE_SIZE))>{t!(i18n, project.checkpoints.previous)}</button>
                        <button type="button" class="btn btn--small" disabled=at_end
                            on:click=move |_| offset.update(|o| *o += PAGE_SIZE)>{t!(i18n, project.checkpoints.next)}</button>
                        <span class="spacer"></span>
                        <button type="button" class="btn btn--small"
                            disabled={move || compare_from.get().is_none() || compare_to.get().is_none()}
                            on:click=move |_| comparing.set(true)>{t!(i18n, project.checkpoints.compare_selected)}</button>
                    </div>
                }.into_any()
            })}
            <CheckpointFormDialog open=taking project_id=project_id editing=None />
            <CompareDialog open=comparing from=compare_from to=compare_to />
        </section>
    }
}

#[component]
fn CheckpointRow(
    checkpoint: Checkpoint,
    compare_from: RwSignal<Option<Id>>,
    compare_to: RwSignal<Option<Id>>,
) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let viewing = RwSignal::new(false);
    let restoring = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let id = checkpoint.id;
    let label = checkpoint.label.clone();
    let restored_label = StoredValue::new(label.clone());
    let restore = move || {
        // The row's own label, rather than one read back from the core's wording of the undo point.
        let restored_label = restored_label.get_value();
        leptos::task::spawn_local(async move {
            match service().restore_checkpoint(id).await {
                Ok(restored) => {
                    let undo_id = restored.undo.id;
                    let undo: Rc<dyn Fn()> = Rc::new(move || {
                        leptos::task::spawn_local(async move {
                            match service().restore_checkpoint(undo_id).await {
                                Ok(_) => state
                                    .toast(ToastKind::Success, tu_string!(i18n, project.checkpoints.restore_undone)),
                                Err(error) => state.report(&error),
                            }
                        });
                    });
                    state.toast_with_action(
                        ToastKind::Success,
                        tu_string!(i18n, project.checkpoints.state_restored, label = restored_label),
                        tu_string!(i18n, common.undo),
                        undo,
                    );
                }
                Err(error) => state.report(&error),
            }
        });
    };
    let delete = move |_| {
        trash_with_undo(
            async move {
                let trashed = service().trash_checkpoint(id).await?;
                // A deleted checkpoint cannot stay selected for comparing.
                if compare_to.get_untracked() == Some(id) {
                    compare_to.set(None);
                }
                if compare_from.get_untracked() == Some(id) {
                    compare_from.set(compare_to.get_untracked());
                    compare_to.set(None);
                }
                Ok(trashed)
            },
            move |trashed: &Checkpoint| tu_string!(i18n, project.checkpoints.trashed, label = trashed.label.clone()),
            move || async move { service().restore_from_trash(RecordType::Checkpoint, id).await },
            move |_| tu_string!(i18n, project.checkpoints.restored).to_string(),
        );
    };
    let meta = {
        let mut parts = vec![format_datetime(checkpoint.created_at)];
        if checkpoint.kind != CheckpointKind::Checkpoint {
            parts.push(checkpoint.kind.label().to_string());
        }
        if let Some(git_ref) = &checkpoint.git_ref {
            parts.push(format!("git {git_ref}"));
        }
        if let Some(count) = checkpoint.file_count {
            parts.push(t_string!(i18n, project.checkpoints.files, count, n = format_integer(i64::from(count))));
        }
        if let Some(count) = checkpoint.code_lines {
            parts.push(t_string!(i18n, project.checkpoints.lines, count, n = format_integer(i64::from(count))));
        }
        parts.join(" · ")
    };
    let note = checkpoint.note.clone();
    let for_edit = checkpoint.clone();
    view! {
        <li class="list__item">
            <div class="stack">
                <span class="list__title">{label.clone()}</span>
                <span class="list__meta">{meta}</span>
                {(!note.is_empty()).then(|| view! { <span class="list__meta">{note.clone()}</span> })}
            </div>
            <div class="list__actions">
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || compare_from.get() == Some(id) || compare_to.get() == Some(id)
                        on:change=move |event| {
                            if event_target_checked(&event) {
                                if compare_from.get_untracked().is_none() { compare_from.set(Some(id)) } else { compare_to.set(Some(id)) }
                            } else if compare_from.get_untracked() == Some(id) {
                                compare_from.set(compare_to.get_untracked());
                                compare_to.set(None);
                            } else if compare_to.get_untracked() == Some(id) {
                                compare_to.set(None);
                            }
                        } />
                    <span>{t_string!(i18n, project.checkpoints.compare, label = label.clone())}</span>
                </label>
                <button type="button" class="btn btn--small" aria-label=t_string!(i18n, project.checkpoints.view_label, label = label.clone()) on:click=move |_| viewing.set(true)>{t!(i18n, project.checkpoints.view)}</button>
                <button type="button" class="btn btn--small" aria-label=t_string!(i18n, project.checkpoints.restore_label, label = label.clone()) on:click=move |_| restoring.set(true)>{t!(i18n, project.checkpoints.restore)}</button>
                <button type="button" class="btn btn--small" aria-label=t_string!(i18n, project.checkpoints.edit_label, label = label.clone()) on:click=move |_| editing.set(true)>{t!(i18n, common.edit)}</button>
                <button type="button" class="btn btn--small btn--danger" aria-label=t_string!(i18n, project.checkpoints.delete_label, label = label.clone()) on:click=delete>{t!(i18n, common.delete)}</button>
            </div>
            <Dialog open=viewing title=Signal::stored(checkpoint.label.clone()) wide=true>
                <div class="dialog__body"><LivingStateView state=checkpoint.state.clone() /></div>
            </Dialog>
            <ConfirmDialog
                open=restoring
                title=Signal::stored(t_string!(i18n, project.checkpoints.restore_title, label = checkpoint.label.clone()))
                message=Signal::stored(t_string!(i18n, project.checkpoints.restore_message).to_string())
                confirm_label=t_string!(i18n, project.checkpoints.restore_checkpoint)
                on_confirm=restore
            />
            <CheckpointFormDialog open=editing project_id=for_edit.project_id editing=Some(for_edit) />
        </li>
    }
}

/// "Take checkpoint" (a new one of the living state now), or, given `editing`, "Edit checkpoint":
/// the same fields, saved onto that checkpoint without touching its captured state.
#[component]
fn CheckpointFormDialog(open: RwSignal<bool>, project_id: Id, editing: Option<Checkpoint>) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let draft = RwSignal::new(CheckpointDraft::default());
    let edit_id = editing.as_ref().map(|checkpoint| checkpoint.id);
    let initial = editing.as_ref().map(CheckpointDraft::of).unwrap_or_default();
    // Field ids are unique per dialog (every row has its own edit dialog).
    let form = Form::new("checkpoint");
    let (title, submit_label) = match edit_id {
        Some(_) => (t_string!(i18n, project.checkpoints.edit), t_string!(i18n, project.checkpoints.save)),
        None => (t_string!(i18n, project.checkpoints.take), t_string!(i18n, project.checkpoints.take)),
    };
    Effect::new(move |_| {
        if open.get() {
            draft.set(initial.clone());
            form.clear();
        }
    });
    let save = use_action_with_options(
        move |current: CheckpointDraft| async move {
            match edit_id {
                Some(id) => service().edit_checkpoint(id, &current).await,
                None => service().take_checkpoint(project_id, &current).await,
            }
        },
        UseActionOptions {
            on_done: std::rc::Rc::new(move |checkpoint: Checkpoint| {
                open.set(false);
                let label = checkpoint.label;
                let message = if edit_id.is_some() {
                    tu_string!(i18n, project.checkpoints.saved, label)
                } else {
                    tu_string!(i18n, project.checkpoints.taken, label)
                };
                state.toast(ToastKind::Success, message);
            }),
            on_error: Some(std::rc::Rc::new(move |error| match error {
                Error::Invalid(problems) => form.show(&problems),
                error => state.report(&error),
            })),
        },
    );
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.dispatch(draft.get_untracked());
    };
    let field = move |name: &'static str,
                      label: &'static str,
                      kind: TextKind,
                      get: fn(&CheckpointDraft) -> String,
                      set: fn(&mut CheckpointDraft, String)| {
        let (value, on_input) = bind(draft, get, set);
        view! { <TextField form=form name=name label=label.to_string() kind=kind value=value on_input=on_input /> }
    };
    view! {
        <Dialog open=open title=Signal::stored(title.to_string())>
            <form class="form" on:submit=on_submit novalidate>
                <div class="dialog__body form">
                    {field("label", t_string!(i18n, project.checkpoints.label), TextKind::Text, |d| d.label.clone(), |d, v| d.label = v)}
                    {field("note", t_string!(i18n, project.checkpoints.note), TextKind::Multiline(3), |d| d.note.clone(), |d, v| d.note = v)}
                    {field("git_ref", t_string!(i18n, project.checkpoints.git_ref), TextKind::Text, |d| d.git_ref.clone(), |d, v| d.git_ref = v)}
                    <div class="form-row">
                        {field("file_count", t_string!(i18n, project.checkpoints.file_count), TextKind::Text, |d| d.file_count.clone(), |d, v| d.file_count = v)}
                        {field("code_lines", t_string!(i18n, project.checkpoints.code_lines), TextKind::Text, |d| d.code_lines.clone(), |d, v| d.code_lines = v)}
                    </div>
                </div>
                <FormFooter open=open submit=submit_label disabled=save.pending />
            </form>
        </Dialog>
    }
}

#[component]
fn CompareDialog(open: RwSignal<bool>, from: RwSignal<Option<Id>>, to: RwSignal<Option<Id>>) -> impl IntoView {
    let i18n = use_i18n();
    let pair = LocalResource::new(move || {
        let ids = (from.get(), to.get(), open.get());
        async move {
            match ids {
                (Some(a), Some(b), true) => {
                    let service = service();
                    let (a, b) = (service.checkpoint(a).await?, service.checkpoint(b).await?);
                    // Older first, so the comparison reads as "what changed since".
                    Ok::<_, Error>(Some(if a.created_at <= b.created_at { (a, b) } else { (b, a) }))
                }
                _ => Ok(None),
            }
        }
    });
    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, project.checkpoints.compare_title).to_string()) wide=true>
            <div class="dialog__body">
                {async_view(pair, 3, |pair| match pair {
                    None => view! { <ListSkeleton rows=3 /> }.into_any(),
                    Some((older, newer)) => view! { <super::state_diff::StateDiffView older=older newer=newer /> }.into_any(),
                })}
            </div>
        </Dialog>
    }
}
