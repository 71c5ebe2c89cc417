use crate::theme::{self, Theme};
use leptos::prelude::*;

#[component]
pub fn Settings() -> impl IntoView {
    crate::platform::mark_ready();
    let current = RwSignal::new(theme::load());
    view! {
        <super::PageHeader title=Signal::stored("Settings".to_string()) />
        <section class="section card">
            <fieldset class="radio-group segmented">
                <legend>"Theme"</legend>
                {Theme::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <label>
                                <input
                                    type="radio"
                                    name="theme"
                                    value=option.as_str()
                                    prop:checked=move || current.get() == option
                                    on:change=move |_| {
                                        current.set(option);
                                        theme::save(option);
                                    }
                                />
                                <span>{option.label()}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="field__hint">"System follows your device's light or dark setting. The choice is kept in this browser."</p>
        </section>
    }
}
