//! The target accounts of the builder: a radio group of cards, ranked, each with its platform,
//! availability, credits and the reasons for its rank.

use crate::components::StatusBadge;
use crate::i18n::core_text::Label;
use crate::i18n::{t, t_string, use_i18n};
use baton_core::credits::Ranked;
use baton_core::locale::format_number;
use baton_core::Id;
use leptos::prelude::*;

#[component]
pub(super) fn TargetCards(
    ranking: Memo<Vec<Ranked>>,
    target: RwSignal<Option<Id>>,
    /// Chooses a target (or none).
    choose: Callback<Option<Id>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="target-list">
            {move || ranking.get().into_iter().enumerate().map(|(position, ranked)| {
                let account = ranked.account;
                let id = account.id;
                let name_id = format!("target-name-{id}");
                let about_id = format!("target-about-{id}");
                let initial = account.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
                let credits = t_string!(
                    i18n,
                    builder.targets.credits,
                    available = format_number(account.credits_available as f64),
                    limit = format_number(account.credit_limit as f64),
                    window = format_number(account.context_window_tokens as f64),
                )
                .to_string();
                view! {
                    <label class="target-card" class:target-card--ineligible=!ranked.eligible>
                        <input
                            type="radio"
                            name="target"
                            class="target-card__radio"
                            prop:checked=move || target.get() == Some(id)
                            on:change=move |_| choose.run(Some(id))
                            aria-labelledby=name_id.clone()
                            aria-describedby=about_id.clone()
                        />
                        <span class="avatar" data-platform=account.platform.as_str() aria-hidden="true">{initial}</span>
                        <span class="target-card__body">
                            <span class="target-card__name" id=name_id>
                                {format!("{}. {} ({})", position + 1, account.name, account.platform.label())}
                            </span>
                            <span class="target-card__about" id=about_id>
                                <span class="target-card__facts">
                                    <StatusBadge status=account.status.as_str() label=account.status.label() />
                                    <span>{credits}</span>
                                </span>
                                <span class="target-card__reasons">{crate::i18n::core_text::reasons(&ranked.reasons)}</span>
                            </span>
                        </span>
                    </label>
                }
            }).collect_view()}
            <label class="target-card target-card--none">
                <input type="radio" name="target" class="target-card__radio" prop:checked=move || target.get().is_none() on:change=move |_| choose.run(None) />
                <span class="target-card__name">{t!(i18n, builder.targets.none)}</span>
            </label>
        </div>
    }
}
