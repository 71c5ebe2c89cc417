//! A project's timeline: its sessions, checkpoints and handoffs in time order, newest first, with
//! status, account, credits and transcript turns.

use crate::components::StatusBadge;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, tu_string, use_i18n};
use crate::nav::paths;
use crate::platform::format_datetime;
use crate::state::{service, use_app};
use crate::ui::async_view;
use baton_core::locale::format_integer;
use baton_core::records::{Checkpoint, Handoff, Session, StoreName};
use baton_core::service::{Error, SessionFilter};
use baton_core::{Id, Timestamp};
use leptos::prelude::*;
use leptos_router::components::A;

const SHOWN: u32 = 30;

#[derive(Clone)]
enum Entry {
    Session(Session, u64),
    Checkpoint(Checkpoint),
    /// A handoff with its lineage: "session 1 (Work Claude) → handoff → session 2 (Home GPT)".
    Handoff(Handoff, String),
}

impl Entry {
    fn at(&self) -> Timestamp {
        match self {
            Entry::Session(session, _) => session.started_at,
            Entry::Checkpoint(checkpoint) => checkpoint.created_at,
            Entry::Handoff(handoff, _) => handoff.queued_at,
        }
    }
}

#[component]
pub fn Timeline(project_id: Id) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let entries = LocalResource::new(move || {
        for store in [StoreName::Sessions, StoreName::Checkpoints, StoreName::Handoffs, StoreName::Turns] {
            state.track(store);
        }
        async move {
            let service = service();
            let filter = SessionFilter { project_id: Some(project_id), ..SessionFilter::default() };
            let sessions = service.sessions(&filter, 0, SHOWN).await?;
            let ids: Vec<Id> = sessions.items.iter().map(|session| session.id).collect();
            let turns = service.turn_counts(&ids).await?;
            let checkpoints = service.checkpoints(project_id, 0, SHOWN).await?;
            let handoffs = service.project_handoffs(project_id, 0, SHOWN).await?;
            let totals = (sessions.total, checkpoints.total, handoffs.total);
            let mut entries: Vec<Entry> =
                sessions.items.into_iter().zip(turns).map(|(session, turns)| Entry::Session(session, turns)).collect();
            entries.extend(checkpoints.items.into_iter().map(Entry::Checkpoint));
            entries.extend(handoffs.items.into_iter().map(|handoff| Entry::Handoff(handoff, String::new())));
            entries.sort_by_key(|entry| std::cmp::Reverse(entry.at()));
            let ids: Vec<baton_core::records::Handoff> = entries
                .iter()
                .filter_map(|entry| match entry {
                    Entry::Handoff(handoff, _) => Some(handoff.clone()),
                    _ => None,
                })
                .collect();
            let names = service.handoff_names(&ids).await?;
            let numbers: std::collections::BTreeMap<Id, u32> = entries
                .iter()
                .filter_map(|entry| match entry {
                    Entry::Session(session, _) => Some((session.id, session.number)),
                    _ => None,
                })
                .collect();
            for entry in &mut entries {
                if let Entry::Handoff(handoff, lineage_text) = entry {
                    let session_name = |n: &u32| {
                        tu_string!(i18n, project.timeline.lineage_session, number = format_integer(i64::from(*n)))
                    };
                    let from = handoff.from_session_id.and_then(|id| numbers.get(&id)).map(session_name);
                    let from_account = handoff.from_account_id.and_then(|id| names.get(&id).cloned());
                    let to_account = handoff.to_account_id.and_then(|id| names.get(&id).cloned());
                    let to = handoff.result_session_id.and_then(|id| numbers.get(&id)).map(session_name);
                    let side = |session: Option<String>, account: Option<String>| match (session, account) {
                        (Some(session), Some(account)) => format!("{session} ({account})"),
                        (Some(session), None) => session,
                        (None, Some(account)) => account,
                        (None, None) => "—".to_string(),
                    };
                    *lineage_text = tu_string!(
                        i18n,
                        project.timeline.lineage,
                        from = side(from, from_account),
                        to = side(to, to_account)
                    );
                }
            }
            Ok::<_, Error>((entries, totals))
        }
    });
    view! {
        <section class="section" aria-labelledby="timeline-title">
            <h2 class="section__title" id="timeline-title">{t!(i18n, project.timeline.title)}</h2>
            {async_view(entries, 3, move |value| match value {
                (entries, _) if entries.is_empty() => view! {
                    <p class="muted">{t!(i18n, project.timeline.empty)}</p>
                }.into_any(),
                (entries, (sessions, checkpoints, handoffs)) => view! {
                    <p class="muted">{t_string!(
                        i18n,
                        project.timeline.counts,
                        sessions = format_integer(sessions as i64),
                        checkpoints = format_integer(checkpoints as i64),
                        handoffs = format_integer(handoffs as i64),
                        shown = format_integer(i64::from(SHOWN))
                    )}</p>
                    <ol class="list timeline" aria-label=t_string!(i18n, project.timeline.title)>
                        {entries.into_iter().map(|entry| {
                            let at = entry.at();
                            let body = match entry {
                                Entry::Session(session, turns) => {
                                    let number = format_integer(i64::from(session.number));
                                    let title = if session.title.is_empty() {
                                        t_string!(i18n, project.timeline.session, number)
                                    } else {
                                        t_string!(i18n, project.timeline.session_titled, number, title = session.title.clone())
                                    };
                                    let account = if session.account_label.is_empty() { t_string!(i18n, project.timeline.no_account).to_string() } else { session.account_label.clone() };
                                    let lineage = [
                                        session.from_handoff_id.map(|_| t_string!(i18n, project.timeline.started_from_handoff)),
                                        session.to_handoff_id.map(|_| t_string!(i18n, project.timeline.handed_off)),
                                    ].into_iter().flatten().collect::<Vec<_>>().join(", ");
                                    let meta = t_string!(
                                        i18n,
                                        project.timeline.session_meta,
                                        account,
                                        credits = format_integer(session.credits_used),
                                        turns = format_integer(turns as i64)
                                    );
                                    view! {
                                        <div class="stack">
                                            <A href=crate::pwa::href(&paths::session(session.id)) attr:class="list__title">{title}</A>
                                            <span class="list__meta">{if lineage.is_empty() { meta } else { format!("{meta} · {lineage}") }}</span>
                                        </div>
                                        <StatusBadge status=session.status.as_str() label=session.status.label() />
                                    }.into_any()
                                }
                                Entry::Checkpoint(checkpoint) => view! {
                                    <div class="stack">
                                        <span class="list__title">{t_string!(i18n, project.timeline.checkpoint, label = checkpoint.label.clone())}</span>
                                        <span class="list__meta">{checkpoint.kind.label()}</span>
                                    </div>
                                }.into_any(),
                                Entry::Handoff(handoff, lineage) => view! {
                                    <div class="stack">
                                        <A href=crate::pwa::href(&paths::handoff(handoff.id)) attr:class="list__title">{t_string!(i18n, project.timeline.handoff, priority = format_integer(i64::from(handoff.priority)))}</A>
                                        <span class="list__meta">{lineage}</span>
                                        <span class="list__meta">{format!("{} · {}", handoff.bundle.format.label(), handoff.bundle.target_platform.label())}</span>
                                    </div>
                                    <StatusBadge status=handoff.status.as_str() label=handoff.status.label() />
                                }.into_any(),
                            };
                            view! {
                                <li class="list__item timeline__item">
                                    <time class="timeline__time list__meta" datetime=at.to_text()>{format_datetime(at)}</time>
                                    {body}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            })}
        </section>
    }
}
