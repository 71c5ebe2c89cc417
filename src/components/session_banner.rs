//! The active-session banner: on every page, one line for each session in progress, read from
//! IndexedDB (so it survives reloads), with "Open" and "Complete".

use crate::components::end_session::EndSessionDialog;
use crate::components::{Icon, IconName};
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::nav::paths;
use crate::platform::{format_datetime, format_relative, now};
use crate::state::{service, use_app, DbStatus};
use baton_core::records::{Session, SessionStatus, StoreName};
use baton_core::service::Error;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SessionBanner() -> impl IntoView {
    let i18n = use_i18n();
    let language = crate::i18n::use_interface_language().0;
    let state = use_app();
    let sessions = LocalResource::new(move || {
        let ready = state.db_status.get() == DbStatus::Ready;
        state.track(StoreName::Sessions);
        state.track(StoreName::Projects);
        async move {
            if !ready {
                return Ok(Vec::new());
            }
            let service = service();
            let mut list = Vec::new();
            for session in service.sessions_in_progress().await? {
                let project = match service.project(session.project_id).await {
                    Ok(project) => project.name,
                    Err(Error::NotFound(_)) => {
                        td_string!(crate::platform::locale(), components.session_banner.deleted_project).to_string()
                    }
                    Err(error) => return Err(error),
                };
                list.push((session, project));
            }
            Ok::<_, Error>(list)
        }
    });
    move || {
        // Redrawn on a language switch: the lines and their dialogs are worded when built.
        language.track();
        match sessions.get() {
        Some(Ok(list)) if !list.is_empty() => view! {
            <div class="stack session-banner" role="region" aria-label=move || t_string!(i18n, components.session_banner.label)>
                {list.into_iter().map(|(session, project)| view! { <SessionLine session=session project=project /> }).collect_view()}
            </div>
        }
        .into_any(),
        _ => ().into_any(),
    }
    }
}

#[component]
fn SessionLine(session: Session, project: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let completing = RwSignal::new(false);
    let outcome = RwSignal::new(SessionStatus::Completed);
    let name = crate::i18n::core_text::session_name(&session);
    let started = session.started_at;
    let href = crate::pwa::href(&paths::session(session.id));
    view! {
        <div class="banner">
            <Icon name=IconName::Play />
            <span class="banner__text">
                <strong>{name.clone()}</strong>
                // The sentence ends with the time it started ("… started 3 min ago"), in both
                // languages.
                " "{t!(i18n, components.session_banner.in_progress, project = move || project.clone())}" "
                <time datetime=started.to_text() title=format_datetime(started)>
                    {move || {
                        // The clock moves every 30 s; the text is computed from the real time.
                        state.clock.track();
                        format_relative(started, now())
                    }}
                </time>
            </span>
            <span class="banner__actions">
                <A href=href attr:class="btn btn--small"
                    attr:aria-label=t_string!(i18n, components.session_banner.open_named, name = name.clone()).to_string()>
                    {t!(i18n, components.session_banner.open)}
                </A>
                <button type="button" class="btn btn--small btn--primary"
                    aria-label=t_string!(i18n, components.session_banner.complete_named, name = name.clone()).to_string()
                    on:click=move |_| {
                        outcome.set(SessionStatus::Completed);
                        completing.set(true);
                    }>{t!(i18n, components.session_banner.complete)}</button>
            </span>
            <EndSessionDialog open=completing session=session.clone() status=outcome />
        </div>
    }
}
