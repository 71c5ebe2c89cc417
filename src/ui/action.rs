//! Actions that write: a Leptos [`Action`] whose pending state replaces hand-rolled `saving`
//! flags (a second submit while one runs is ignored), whose success runs the screen's follow-up
//! and whose failure goes to the toast (or to the screen, where it can say more).

use crate::state::use_app;
use baton_core::service::Error;
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;

/// What [`use_action`] returns.
pub struct UseActionReturn<I: 'static> {
    action: Action<I, ()>,
    /// True while the action runs (disable the submit button on it).
    pub pending: Memo<bool>,
}

// By hand: a derive would ask `I: Copy`, but only the handles are copied.
impl<I: 'static> Clone for UseActionReturn<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for UseActionReturn<I> {}

impl<I: 'static> UseActionReturn<I> {
    /// Runs the action, unless it is already running.
    pub fn dispatch(&self, input: I) {
        if !self.pending.get_untracked() {
            self.action.dispatch_local(input);
        }
    }
}

/// Options of [`use_action_with_options`].
pub struct UseActionOptions<T> {
    /// Runs with the result of a successful action.
    pub on_done: Rc<dyn Fn(T)>,
    /// Runs with the error of a failed one; by default it is reported in a toast.
    pub on_error: Option<Rc<dyn Fn(Error)>>,
}

/// An action running `run(input)`, then `on_done` with its result; errors go to the toast.
pub fn use_action<I, T, Fut>(run: impl Fn(I) -> Fut + 'static, on_done: impl Fn(T) + 'static) -> UseActionReturn<I>
where
    I: Clone + 'static,
    T: 'static,
    Fut: Future<Output = Result<T, Error>> + 'static,
{
    use_action_with_options(run, UseActionOptions { on_done: Rc::new(on_done), on_error: None })
}

/// [`use_action`] with a say in what happens to errors.
pub fn use_action_with_options<I, T, Fut>(
    run: impl Fn(I) -> Fut + 'static,
    options: UseActionOptions<T>,
) -> UseActionReturn<I>
where
    I: Clone + 'static,
    T: 'static,
    Fut: Future<Output = Result<T, Error>> + 'static,
{
    let state = use_app();
    let run = Rc::new(run);
    let UseActionOptions { on_done, on_error } = options;
    let action = Action::new_unsync_local(move |input: &I| {
        let future = run(input.clone());
        let on_done = on_done.clone();
        let on_error = on_error.clone();
        async move {
            match future.await {
                Ok(value) => on_done(value),
                Err(error) => match on_error {
                    Some(on_error) => on_error(error),
                    None => state.report(&error),
                },
            }
        }
    });
    UseActionReturn { action, pending: action.pending() }
}
