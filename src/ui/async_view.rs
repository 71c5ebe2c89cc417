//! A view of data read asynchronously: skeleton rows while it loads, the error said plainly if
//! the read failed, and `ready` with the data once it is there. Every page's main read goes
//! through it, so loading and failure look and sound the same everywhere.

use crate::ui::{ErrorNote, ListSkeleton};
use baton_core::service::Error;
use leptos::prelude::*;

/// Renders `resource`: [`ListSkeleton`] (`rows` lines) while loading, [`ErrorNote`] on error,
/// `ready(value)` when loaded. Re-renders when the resource reloads.
pub fn async_view<T, V>(
    resource: LocalResource<Result<T, Error>>,
    rows: usize,
    ready: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <ListSkeleton rows=rows /> }.into_any(),
        Some(Err(error)) => view! { <ErrorNote message=crate::i18n::errors::service_error(&error) /> }.into_any(),
        Some(Ok(value)) => ready(value).into_any(),
    }
}

/// The common case: four skeleton rows while loading.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, Error>>,
    ready: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    async_view(resource, 4, ready)
}
