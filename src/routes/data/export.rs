//! Export on the Data page: everything or one project (private fields only when ticked),
//! optionally encrypted with a passphrase, downloaded under the dated file names of the spec.

use crate::components::{Icon, IconName};
use crate::i18n::{t, t_string, use_i18n};
use crate::platform::now;
use crate::state::{service, use_app, ToastKind};
use crate::ui::{Field, FieldControl, Form};
use baton_core::exchange::{self, Scope};
use baton_core::locale::{format_integer, format_number};
use baton_core::records::StoreName;
use baton_core::validate::{FieldError, FieldErrors, Problem};
use baton_core::Id;
use leptos::prelude::*;

const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

// ----- export ---------------------------------------------------------------------------------

#[component]
pub fn ExportPanel(#[prop(optional)] project: Option<Id>) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let scope_project = RwSignal::new(project.map(|id| id.to_string()).unwrap_or_default());
    let include_private = RwSignal::new(false);
    let encrypt = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let passphrase_again = RwSignal::new(String::new());
    let form = Form::new("export");
    let working = RwSignal::new(None::<String>);
    // Leaving the page does not leave a typed passphrase behind.
    on_cleanup(move || {
        passphrase.try_update(crate::crypto::wipe);
        passphrase_again.try_update(crate::crypto::wipe);
    });
    let projects = LocalResource::new(move || {
        state.track(StoreName::Projects);
        async move {
            service()
                .projects(None, baton_core::service::ProjectSort::Name, "", 0, 10_000)
                .await
                .map(|page| page.items.into_iter().map(|project| (project.id, project.name)).collect::<Vec<_>>())
        }
    });
    let export = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if working.get_untracked().is_some() {
            return;
        }
        let scope = match Id::parse(&scope_project.get_untracked()) {
            Some(id) => Scope::Project(id),
            None => Scope::Full,
        };
        let private = include_private.get_untracked();
        if encrypt.get_untracked() {
            // Checked in place: no copy of the passphrase is made to compare it.
            if passphrase.with_untracked(|secret| secret.chars().count() < 8) {
                form.show_and_focus(&FieldErrors::from(FieldError::new("passphrase", Problem::TooShort { min: 8 })));
                return;
            }
            if !passphrase.with_untracked(|secret| passphrase_again.with_untracked(|again| secret == again)) {
                form.show_and_focus(&FieldErrors::from(FieldError::new("passphrase_again", Problem::DoesNotMatch)));
                return;
            }
        }
        // The passphrase leaves the fields now (moved, not copied); `encrypt_document` wipes it
        // once the key is derived, and the repeated one is wiped here.
        let secret = encrypt.get_untracked().then(|| passphrase.try_update(std::mem::take).unwrap_or_default());
        passphrase_again.update(crate::crypto::wipe);
        form.clear();
        working.set(Some(t_string!(i18n, data.export.reading).into()));
        leptos::task::spawn_local(async move {
            let service = service();
            let at = now();
            let result = async {
                let exported = service
                    .export(scope.clone(), private, APP_VERSION)
                    .await
                    .map_err(|e| crate::i18n::errors::service_error(&e))?;
                // Records that cannot be read are left out, never a reason to refuse the export.
                let skipped = exported.skipped_note();
                let document = exported.text;
                let name = match &scope {
                    Scope::Full => exchange::backup_file_name(at),
                    Scope::Project(id) => {
                        let project = service.project(*id).await.map_err(|e| crate::i18n::errors::service_error(&e))?;
                        exchange::project_file_name(&project.name, at)
                    }
                };
                let (text, name) = match secret {
                    Some(secret) => {
                        working.set(Some(t_string!(i18n, data.export.encrypting).into()));
                        let sealed = crate::crypto::encrypt_document(&document, secret).await?;
                        (sealed, name.replace(".json", ".encrypted.json"))
                    }
                    None => (document, name),
                };
                crate::ui::download_text(&name, "application/json", &text)?;
                Ok::<_, String>((name, text.len(), skipped))
            }
            .await;
            working.set(None);
            match result {
                Ok((name, bytes, skipped)) => {
                    if matches!(scope, Scope::Full) {
                        let _ = crate::preferences::update(|preferences| {
                            preferences.last_backup_download = Some(at.to_text())
                        });
                    }
                    state.toast(
                        ToastKind::Success,
                        t_string!(i18n, data.export.exported, name, size = format_number((bytes / 1024) as f64))
                            .to_string(),
                    );
                    if let Some(skipped) = skipped {
                        state.toast(ToastKind::Error, skipped);
                    }
                }
                Err(message) => state.toast(ToastKind::Error, message),
            }
        });
    };
    let scope_select = move |control: FieldControl| {
        view! {
            <select id=control.id aria-describedby=control.described_by on:change=move |event| scope_project.set(event_target_value(&event))>
                <option value="" selected=move || scope_project.get().is_empty()>{t!(i18n, data.export.everything)}</option>
                {move || projects.get().and_then(|result| result.ok()).unwrap_or_default().into_iter().map(|(id, name)| {
                    let value = id.to_string();
                    let selected = value.clone();
                    view! { <option value=value selected=move || scope_project.get() == selected>{t_string!(i18n, data.export.project_option, name).to_string()}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <section class="section card" aria-labelledby="export-title">
            <h2 class="section__title" id="export-title">{t!(i18n, data.export.title)}</h2>
            <form class="form" on:submit=export>
                <Field form=form name="scope" label=t_string!(i18n, data.export.scope_label).to_string()
                    hint=t_string!(i18n, data.export.scope_hint).to_string()
                    control=scope_select />
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || include_private.get() on:change=move |event| include_private.set(event_target_checked(&event)) />
                    " "
                    {t!(i18n, data.export.include_private)}
                </label>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || encrypt.get() on:change=move |event| {
                        let on = event_target_checked(&event);
                        encrypt.set(on);
                        // Unticked: the passphrases typed so far are not kept.
                        if !on {
                            passphrase.update(crate::crypto::wipe);
                            passphrase_again.update(crate::crypto::wipe);
                        }
                    } />
                    " "
                    {t!(i18n, data.export.encrypt)}
                </label>
                {move || encrypt.get().then(|| view! {
                    <Field form=form name="passphrase" label=t_string!(i18n, data.export.passphrase).to_string() control=secret_input(passphrase) />
                    <Field form=form name="passphrase_again" label=t_string!(i18n, data.export.passphrase_again).to_string()
                        hint=t_string!(i18n, data.export.encryption_hint, iterations = format_integer(exchange::PBKDF2_ITERATIONS as i64)).to_string()
                        control=secret_input(passphrase_again) />
                })}
                {move || working.get().map(|message| view! { <p class="list__meta" role="status"><progress aria-label=t_string!(i18n, data.export.progress)></progress>{format!(" {message}")}</p> })}
                <button type="submit" class="btn btn--primary" disabled=move || working.get().is_some()>
                    <Icon name=IconName::Download />
                    " "
                    {t!(i18n, data.export.title)}
                </button>
            </form>
        </section>
    }
}

/// Puts a newly typed passphrase in its signal, wiping the text it replaces (not just freeing it).
pub(super) fn replace_secret(signal: RwSignal<String>, typed: String) {
    signal.update(|secret| {
        crate::crypto::wipe(secret);
        *secret = typed;
    });
}

/// A passphrase field's input: every keystroke replaces (and wipes) the previous text.
fn secret_input(secret: RwSignal<String>) -> impl Fn(FieldControl) -> AnyView {
    move |control: FieldControl| {
        let FieldControl { id, described_by, invalid } = control;
        view! {
            <input id=id type="password" autocomplete="new-password" prop:value=move || secret.get()
                on:input=move |event| replace_secret(secret, event_target_value(&event))
                aria-invalid=move || invalid.get().to_string() aria-describedby=described_by />
        }
        .into_any()
    }
}
