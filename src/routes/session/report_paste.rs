//! "Paste report" on a session: the receiving assistant's end-of-session report block is read
//! (tolerant of how assistants write it), shown as what it fills in the session and what it would
//! change in the project's living state — accepted all at once, per field, or edited — and
//! applied in one transaction that takes a checkpoint first.

use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, tu_string, use_i18n};
use crate::state::{service, use_app, ToastKind};
use crate::ui::{use_action_with_options, Dialog, UseActionOptions};
use baton_core::locale::format_integer;
use baton_core::records::{LivingState, Project, Session, SessionStatus};
use baton_core::report::{self, ParsedReport, StateField};
use baton_core::service::{Error, ReportApplication, ReportApplied};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::rc::Rc;

/// The parsed report and the user's choices about it.
#[derive(Clone, Debug, PartialEq)]
struct Review {
    report: ParsedReport,
    project: Project,
    proposed: LivingState,
    changed: Vec<StateField>,
}

fn lines(items: &[String]) -> String {
    items.join("\n")
}

#[component]
pub fn PasteReportDialog(open: RwSignal<bool>, session: Session) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let session_id = session.id;
    let project_id = session.project_id;
    let in_progress = session.status == SessionStatus::InProgress;
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let review = RwSignal::new(None::<Review>);
    let status = RwSignal::new(SessionStatus::Completed);
    let credits = RwSignal::new(String::new());
    let accepted = RwSignal::new(BTreeSet::<StateField>::new());
    let current_state_text = RwSignal::new(String::new());
    let next_steps_text = RwSignal::new(String::new());
    let knowledge_kept = RwSignal::new(BTreeSet::<usize>::new());
    Effect::new(move |_| {
        if open.get() {
            text.set(String::new());
            problem.set(None);
            review.set(None);
        }
    });

    let read = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let pasted = text.get_untracked();
        let parsed = match report::parse_report(&pasted) {
            Ok(parsed) => parsed,
            Err(error) => {
                problem.set(Some(crate::i18n::errors::report_error(&error)));
                crate::platform::focus_by_id("report-text");
                return;
            }
        };
        problem.set(None);
        leptos::task::spawn_local(async move {
            match service().project(project_id).await {
                Ok(project) => {
                    let proposed = report::propose_state(&project.state, &parsed);
                    let changed = report::changed_fields(&project.state, &proposed);
                    status.set(parsed.session_status().unwrap_or(SessionStatus::Completed));
                    credits.set(parsed.credits_used.map(|credits| credits.to_string()).unwrap_or_default());
                    accepted.set(changed.iter().copied().collect());
                    current_state_text.set(proposed.current_state.clone());
                    next_steps_text.set(lines(&proposed.next_steps));
                    knowledge_kept.set((0..parsed.knowledge.len()).collect());
                    review.set(Some(Review { report: parsed, project, proposed, changed }));
                }
                Err(error) => state.report(&error),
            }
        });
    };

    let apply_report = use_action_with_options(
        move |application: ReportApplication| async move { service().apply_report(session_id, application).await },
        UseActionOptions {
            on_done: Rc::new(move |applied: ReportApplied| {
                open.set(false);
                let count = applied.knowledge_added;
                let n = format_integer(count as i64);
                let message = match (applied.checkpoint.is_some(), count > 0) {
                    (false, false) => tu_string!(i18n, session.report_paste.applied).to_string(),
                    (true, false) => tu_string!(i18n, session.report_paste.applied_state).to_string(),
                    (false, true) => tu_string!(i18n, session.report_paste.applied_knowledge, count, n),
                    (true, true) => tu_string!(i18n, session.report_paste.applied_state_knowledge, count, n),
                };
                state.toast(ToastKind::Success, message);
            }),
            on_error: Some(Rc::new(move |error| match error {
                Error::Invalid(errors) => problem.set(Some(crate::i18n::errors::field_errors(&errors))),
                error => state.report(&error),
            })),
        },
    );
    let apply = move |_| {
        let Some(review) = review.get_untracked() else { return };
        let credits_text = credits.get_untracked();
        let credits_used = match baton_core::validate::whole_number(&credits_text) {
            Err(baton_core::locale::NumberError::Empty) => None,
            Ok(value) if value <= i64::MAX as u64 => Some(value as i64),
            result => {
                let expected = baton_core::validate::Expected::AtLeastOrEmpty(0);
                let problem_of = baton_core::validate::Problem::Number { expected, error: result.err() };
                let error = baton_core::validate::FieldError::new("credits_used", problem_of);
                problem.set(Some(crate::i18n::errors::field_error(&error)));
                crate::platform::focus_by_id("report-credits");
                return;
            }
        };
        let mut proposed = review.proposed.clone();
        proposed.current_state = current_state_text.get_untracked().trim().to_string();
        proposed.next_steps = next_steps_text
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect();
        let fields: Vec<StateField> = accepted.get_untracked().into_iter().collect();
        let new_state = (!fields.is_empty()).then(|| report::accept_fields(&review.project.state, &proposed, &fields));
        let fields_text = review.report.session_fields();
        let kept = knowledge_kept.get_untracked();
        let application = ReportApplication {
            status: in_progress.then(|| status.get_untracked()),
            credits_used,
            accomplishments: fields_text.accomplishments,
            blockers: fields_text.blockers,
            state_notes: fields_text.state_notes,
            next_steps: fields_text.next_steps,
            decisions: fields_text.decisions,
            notes: fields_text.notes,
            new_state,
            knowledge: review
                .report
                .knowledge
                .iter()
                .enumerate()
                .filter(|(position, _)| kept.contains(position))
                .map(|(_, line)| (line.category, line.title.clone(), line.body.clone()))
                .collect(),
        };
        apply_report.dispatch(application);
    };

    view! {
        <Dialog open=open title=Signal::stored(t_string!(i18n, session.report_paste.title).to_string()) wide=true>
            {move || match review.get() {
                None => view! {
                    <form class="dialog__body form" on:submit=read>
                        <p class="muted">{t!(i18n, session.report_paste.intro)}</p>
                        <div class="field">
                            <label class="field__label" for="report-text">{t!(i18n, session.report_paste.report)}</label>
                            <textarea id="report-text" rows="14" prop:value=move || text.get() on:input=move |event| text.set(event_target_value(&event))
                                aria-invalid=move || problem.get().is_some().to_string() aria-describedby="report-text-hint"></textarea>
                            <p class="field__hint" id="report-text-hint">{move || problem.get().unwrap_or_else(|| t_string!(i18n, session.report_paste.hint).to_string())}</p>
                        </div>
                        <div class="dialog__footer">
                            <button type="button" class="btn" on:click=move |_| open.set(false)>{t!(i18n, session.report_paste.cancel)}</button>
                            <button type="submit" class="btn btn--primary">{t!(i18n, session.report_paste.read)}</button>
                        </div>
                    </form>
                }.into_any(),
                Some(loaded) => view! { <ReviewView review=loaded in_progress=in_progress status=status credits=credits accepted=accepted
                    current_state_text=current_state_text next_steps_text=next_steps_text knowledge_kept=knowledge_kept problem=problem />
                    <div class="dialog__footer">
                        <button type="button" class="btn" on:click=move |_| review.set(None)>{t!(i18n, session.report_paste.back)}</button>
                        <button type="button" class="btn btn--primary" on:click=apply disabled=move || apply_report.pending.get()>{t!(i18n, session.report_paste.apply)}</button>
                    </div>
                }.into_any(),
            }}
        </Dialog>
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn ReviewView(
    review: Review,
    in_progress: bool,
    status: RwSignal<SessionStatus>,
    credits: RwSignal<String>,
    accepted: RwSignal<BTreeSet<StateField>>,
    current_state_text: RwSignal<String>,
    next_steps_text: RwSignal<String>,
    knowledge_kept: RwSignal<BTreeSet<usize>>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let report = review.report.clone();
    let fields = report.session_fields();
    let unknown: Vec<String> = report.unknown_sections.iter().map(|(heading, _)| heading.clone()).collect();
    let toggle = move |field: StateField| {
        move |event: leptos::ev::Event| {
            let on = event_target_checked(&event);
            accepted.update(|set| {
                if on {
                    set.insert(field);
                } else {
                    set.remove(&field);
                }
            });
        }
    };
    let before = review.project.state.clone();
    let proposed = review.proposed.clone();
    let summary_row = |label: &'static str, text: String| {
        (!text.trim().is_empty()).then(|| {
            view! {
                <dt>{label}</dt>
                <dd><div style:white-space="pre-wrap" style:overflow-wrap="anywhere">{text}</div></dd>
            }
        })
    };
    view! {
        <div class="dialog__body form">
            {(!report.warnings.is_empty()).then(|| view! {
                <ul class="banner banner--warning" aria-label=t_string!(i18n, session.report_paste.warnings)>
                    {report.warnings.iter().map(|warning| view! { <li>{warning.clone()}</li> }).collect_view()}
                </ul>
            })}
            <h3 class="section__subtitle">{t!(i18n, session.report_paste.the_session)}</h3>
            {in_progress.then(|| view! {
                <div class="field">
                    <label class="field__label" for="report-status">{t!(i18n, session.report_paste.ends_as)}</label>
                    <select id="report-status" on:change=move |event| if let Some(chosen) = SessionStatus::parse(&event_target_value(&event)) { status.set(chosen) }>
                        {[SessionStatus::Completed, SessionStatus::HandedOff, SessionStatus::Failed].into_iter().map(|option| view! {
                            <option value=option.as_str() selected=move || status.get() == option>{option.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label class="field__label" for="report-credits">{t!(i18n, session.report_paste.credits_used)}</label>
                <input id="report-credits" type="text" inputmode="numeric" prop:value=move || credits.get() on:input=move |event| credits.set(event_target_value(&event)) />
            </div>
            <dl class="kv">
                {summary_row(t_string!(i18n, session.report_paste.accomplishments), fields.accomplishments.clone())}
                {summary_row(t_string!(i18n, session.report_paste.blockers), fields.blockers.clone())}
                {summary_row(t_string!(i18n, session.report_paste.state_notes), fields.state_notes.clone())}
                {summary_row(t_string!(i18n, session.report_paste.next_steps), fields.next_steps.clone())}
                {summary_row(t_string!(i18n, session.report_paste.decisions), fields.decisions.clone())}
            </dl>
            {(!unknown.is_empty()).then(|| view! {
                <p class="list__meta">{t_string!(i18n, session.report_paste.kept_in_notes, headings = unknown.join(", "))}</p>
            })}
            <h3 class="section__subtitle">{t!(i18n, session.report_paste.living_state)}</h3>
            {if review.changed.is_empty() {
                view! { <p class="muted">{t!(i18n, session.report_paste.no_change)}</p> }.into_any()
            } else {
                view! {
                    <p class="muted">{t!(i18n, session.report_paste.tick)}</p>
                    {review.changed.iter().map(|field| {
                        let field = *field;
                        let label = t_string!(i18n, session.report_paste.take_new, field = field.label().to_lowercase());
                        let detail = match field {
                            StateField::CurrentState => view! {
                                <div class="field">
                                    <label class="field__label" for="report-new-state">{t!(i18n, session.report_paste.new_current_state)}</label>
                                    <textarea id="report-new-state" rows="5" prop:value=move || current_state_text.get() on:input=move |event| current_state_text.set(event_target_value(&event))></textarea>
                                    <p class="field__hint">{t_string!(i18n, session.report_paste.now, text = if before.current_state.is_empty() { t_string!(i18n, session.report_paste.empty).to_string() } else { before.current_state.chars().take(300).collect::<String>() })}</p>
                                </div>
                            }.into_any(),
                            StateField::NextSteps => view! {
                                <div class="field">
                                    <label class="field__label" for="report-new-steps">{t!(i18n, session.report_paste.new_next_steps)}</label>
                                    <textarea id="report-new-steps" rows="5" prop:value=move || next_steps_text.get() on:input=move |event| next_steps_text.set(event_target_value(&event))></textarea>
                                    <p class="field__hint">{t_string!(i18n, session.report_paste.now, text = if before.next_steps.is_empty() { t_string!(i18n, session.report_paste.none).to_string() } else { before.next_steps.join(" · ") })}</p>
                                </div>
                            }.into_any(),
                            StateField::Decisions => {
                                let added: Vec<String> = proposed.decisions.iter().filter(|decision| !before.decisions.contains(decision)).map(|decision| {
                                    if decision.rationale.is_empty() { decision.text.clone() } else { t_string!(i18n, session.report_paste.decision_because, decision = decision.text.clone(), rationale = decision.rationale.clone()) }
                                }).collect();
                                view! { <ul class="list__meta">{added.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul> }.into_any()
                            }
                            StateField::Files => {
                                let added: Vec<String> = proposed.files.iter().filter(|file| !before.files.contains(file)).map(|file| {
                                    if file.notes.is_empty() { file.path.clone() } else { format!("{} — {}", file.path, file.notes) }
                                }).collect();
                                view! { <ul class="list__meta">{added.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul> }.into_any()
                            }
                            StateField::Goal | StateField::Constraints | StateField::DoNotRedo => {
                                let items: Vec<String> = match field {
                                    StateField::Goal => vec![proposed.goal.clone()],
                                    StateField::Constraints => proposed.constraints.clone(),
                                    _ => proposed.do_not_redo.clone(),
                                };
                                view! { <ul class="list__meta">{items.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul> }.into_any()
                            }
                        };
                        view! {
                            <div class="report-field">
                                <label class="checkbox">
                                    <input type="checkbox" prop:checked=move || accepted.get().contains(&field) on:change=toggle(field) />
                                    {format!(" {label}")}
                                </label>
                                {detail}
                            </div>
                        }
                    }).collect_view()}
                }.into_any()
            }}
            {(!report.knowledge.is_empty()).then(|| view! {
                <h3 class="section__subtitle">{t!(i18n, session.report_paste.knowledge)}</h3>
                {report.knowledge.iter().enumerate().map(|(position, line)| {
                    let label = format!(" {}", t_string!(i18n, session.report_paste.add_knowledge, title = line.title.clone(), category = line.category.label()));
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || knowledge_kept.get().contains(&position)
                                on:change=move |event| {
                                    let on = event_target_checked(&event);
                                    knowledge_kept.update(|set| { if on { set.insert(position); } else { set.remove(&position); } });
                                } />
                            {label}
                        </label>
                    }
                }).collect_view()}
            })}
            {move || problem.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
        </div>
    }
}
