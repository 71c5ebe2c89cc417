//! Paging through a long list: "21–40 of 1,234" with Previous and Next.

use baton_core::locale::format_number;
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
    /// The pager's accessible name ("Pages", "Ledger pages").
    #[prop(default = "Pages")]
    label: &'static str,
) -> impl IntoView {
    let first = u64::from(offset.get_untracked()) + 1;
    let last = u64::from(offset.get_untracked()) + shown as u64;
    // `{…}` around the closure below: a bare `>=` would end the tag in `view!`.
    let range = if shown == 0 {
        format!("0 of {}", format_number(total as f64))
    } else {
        format!("{}–{} of {}", format_number(first as f64), format_number(last as f64), format_number(total as f64))
    };
    // Computed here: in `view!`, a `>=` inside an attribute's closure ends the tag.
    let at_end = last >= total;
    view! {
        <nav class="pager" aria-label=label>
            <span>{range}</span>
            <button type="button" class="btn btn--small" disabled=move || offset.get() == 0
                on:click=move |_| offset.update(|offset| *offset = offset.saturating_sub(page_size))>"Previous page"</button>
            <button type="button" class="btn btn--small" disabled=at_end
                on:click=move |_| offset.update(|offset| *offset += page_size)>"Next page"</button>
        </nav>
    }
}
