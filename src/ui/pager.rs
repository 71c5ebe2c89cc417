//! Paging through a long list: "21–40 of 1,234" with Previous and Next.

use crate::i18n::{t, t_string, use_i18n};
use baton_core::locale::format_integer;
use leptos::prelude::*;

/// The pager under a list showing `shown` items from `offset` of `total`; the buttons move
/// `offset` by `page_size`.
#[component]
pub fn Pager(
    offset: RwSignal<u32>,
    page_size: u32,
    /// Items on this page.
    shown: usize,
    total: u64,
    /// The pager's accessible name ("Ledger pages"); "Pages" when not given.
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = label.unwrap_or_else(|| t_string!(i18n, components.pager.label));
    let first = u64::from(offset.get_untracked()) + 1;
    let last = u64::from(offset.get_untracked()) + shown as u64;
    // `{…}` around the closure below: a bare `>=` would end the tag in `view!`.
    let count = |number: u64| format_integer(i64::try_from(number).unwrap_or(i64::MAX));
    let range = if shown == 0 {
        t_string!(i18n, components.pager.range_empty, total = count(total)).to_string()
    } else {
        t_string!(i18n, components.pager.range, first = count(first), last = count(last), total = count(total))
            .to_string()
    };
    // Computed here: in `view!`, a `>=` inside an attribute's closure ends the tag.
    let at_end = last >= total;
    view! {
        <nav class="pager" aria-label=label>
            <span>{range}</span>
            <button type="button" class="btn btn--small" disabled=move || offset.get() == 0
                on:click=move |_| offset.update(|offset| *offset = offset.saturating_sub(page_size))>{t!(i18n, components.pager.previous)}</button>
            <button type="button" class="btn btn--small" disabled=at_end
                on:click=move |_| offset.update(|offset| *offset += page_size)>{t!(i18n, components.pager.next)}</button>
        </nav>
    }
}
