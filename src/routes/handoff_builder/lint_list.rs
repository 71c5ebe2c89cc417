//! The builder's lint findings, with Redact, Redact all and Undo redactions.

use crate::i18n::core_text::{Label, Phrase};
use baton_core::handoff::Checked;
use baton_core::lint::{Finding, Severity};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// The lint findings, errors first, each secret with "Redact".
#[component]
pub(super) fn LintList(checked: Memo<Checked>, redacted: RwSignal<BTreeSet<String>>) -> impl IntoView {
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
                <h3 class="section__subtitle" id="lint-title" tabindex="-1">"Lint"</h3>
                <span class="spacer"></span>
                {move || {
                    let secrets: Vec<Finding> = checked.with(|checked| checked.findings.iter().filter(|f| f.is_secret()).cloned().collect());
                    (secrets.len() > 1).then(|| view! {
                        <button type="button" class="btn btn--small" on:click=move |_| for finding in &secrets { redact(finding) }>"Redact all secrets"</button>
                    })
                }}
            </div>
            {move || {
                let findings = checked.with(|checked| checked.findings.clone());
                if findings.is_empty() {
                    view! { <p class="lint__ok">"No problems: required sections present, within budget, no secrets or placeholders found."</p> }.into_any()
                } else {
                    view! {
                        <ul class="lint__list" aria-label="Lint findings">
                            {findings.into_iter().map(|finding| {
                                let severity = finding.severity;
                                let is_secret = finding.is_secret();
                                let message = finding.phrase();
                                let excerpt = crate::i18n::core_text::excerpt(&finding);
                                let button_label = format!("Redact {message}");
                                let for_button = finding.clone();
                                view! {
                                    <li class="lint__item" class:lint__item--error=severity == Severity::Error>
                                        <span class="badge" class:badge--danger=severity == Severity::Error class:badge--warning=severity == Severity::Warning>{severity.label()}</span>
                                        <span class="lint__message">{message}</span>
                                        {(!excerpt.is_empty()).then(|| view! { <code class="lint__excerpt">{excerpt}</code> })}
                                        {is_secret.then(|| view! {
                                            <button type="button" class="btn btn--small" aria-label=button_label on:click=move |_| redact(&for_button)>"Redact"</button>
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
                    {move || format!("{} secret(s) redacted in this bundle (your data is unchanged). ", redacted.get().len())}
                    <button type="button" class="btn btn--small" on:click=move |_| redacted.set(BTreeSet::new())>"Undo redactions"</button>
                </p>
            })}
        </section>
    }
}
