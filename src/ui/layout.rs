//! The layout the stylesheet is in, for the few views that render differently on a phone (the
//! navigation drawer, the builder's preview tab). By hand over `matchMedia`: leptos-use's
//! `use_media_query` lives in the whole leptos-use crate, which Baton does not take (see mod.rs).

use leptos::prelude::*;

/// The stylesheet's phone breakpoint (`@media (max-width: 720px)`): below it the navigation is a
/// drawer and the handoff builder shows its preview as a tab.
const NARROW_QUERY: &str = "(max-width: 720px)";

fn narrow_now() -> bool {
    web_sys::window()
        .and_then(|window| window.match_media(NARROW_QUERY).ok().flatten())
        .is_some_and(|query| query.matches())
}

/// Whether the phone layout applies; follows resizes and rotation.
pub fn use_narrow_layout() -> ReadSignal<bool> {
    let (narrow, set_narrow) = signal(narrow_now());
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        let now = narrow_now();
        if narrow.get_untracked() != now {
            set_narrow.set(now);
        }
    });
    on_cleanup(move || handle.remove());
    narrow
}
