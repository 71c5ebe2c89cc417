//! The builder's lint findings, with Redact, Redact all and Undo redactions.

use crate::i18n::core_text::{Label, Phrase};
use crate::i18n::{t, t_string, use_i18n};
use baton_core::handoff::Checked;
use baton_core::lint::{Finding, Severity};
use baton_core::locale::format_integer;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// The lint findings, errors first, each secret with "Redact".
#[component]
pub(super) fn LintList(checked: Memo<Checked>, redacted: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let redact = move |finding: &Finding| {
        let secret = checked.with_untracked(|checked| checked.secret_text(finding));
        if let Some(secret) = secret {
            redacted.update(|set| {
                set.insert(secret);
            });
        }
    };
    view! {
        <section class="lint" aria-labelledby="lint-title">
            <div class="row">
                <h3 class="section__subtitle" id="lint-title" tabindex="-1">{t!(i18n, builder.lint.title)}</h3>
                <span class="spacer"></span>
                {move || {
                    let secrets: Vec<Finding> = checked.with(|checked| checked.findings.iter().filter(|f| f.is_secret()).cloned().collect());
                    (secrets.len() > 1).then(|| view! {
                        <button type="button" class="btn btn--small" on:click=move |_| for finding in &secrets { redact(finding) }>{t!(i18n, builder.lint.redact_all)}</button>
                    })
                }}
            </div>
            {move || {
                let findings = checked.with(|checked| checked.findings.clone());
                if findings.is_empty() {
                    view! { <p class="lint__ok">{t!(i18n, builder.lint.ok)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="lint__list" aria-label=t_string!(i18n, builder.lint.findings)>
                            {findings.into_iter().map(|finding| {
                                let severity = finding.severity;
                                let is_secret = finding.is_secret();
                                let message = finding.phrase();
                                let excerpt = crate::i18n::core_text::excerpt(&finding);
                                let button_label = t_string!(i18n, builder.lint.redact_label, finding = &message).to_string();
                                let for_button = finding.clone();
                                view! {
                                    <li class="lint__item" class:lint__item--error=severity == Severity::Error>
                                        <span class="badge" class:badge--danger=severity == Severity::Error class:badge--warning=severity == Severity::Warning>{severity.label()}</span>
                                        <span class="lint__message">{message}</span>
                                        {(!excerpt.is_empty()).then(|| view! { <code class="lint__excerpt">{excerpt}</code> })}
                                        {is_secret.then(|| view! {
                                            <button type="button" class="btn btn--small" aria-label=button_label on:click=move |_| redact(&for_button)>{t!(i18n, builder.lint.redact)}</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            {move || (!redacted.get().is_empty()).then(|| view! {
                <p class="list__meta">
                    {move || {
                        let count = redacted.with(BTreeSet::len);
                        t_string!(i18n, builder.lint.redacted, count, number = format_integer(count as i64)).to_string()
                    }}
                    " "
                    <button type="button" class="btn btn--small" on:click=move |_| redacted.set(BTreeSet::new())>{t!(i18n, builder.lint.undo)}</button>
                </p>
            })}
        </section>
    }
}
