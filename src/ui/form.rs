//! Forms: one [`Form`] per form instance holds its element ids and the message of each field, and
//! [`Field`] / [`TextField`] render a labelled control with its hint and error, wired together
//! (`for`, `aria-describedby`, `aria-invalid`). The one way a form shows validation errors: the
//! core's typed `FieldErrors` go into the form (from live validation or from the service), and each
//! field shows its own, worded in the interface language (`crate::i18n::errors`).

use crate::platform::focus_by_id;
use crate::ui::unique_id;
use baton_core::validate::{FieldError, FieldErrors};
use leptos::prelude::*;

/// A form instance: its id prefix (the same dialog can be on a page twice) and its problems.
#[derive(Clone, Copy)]
pub struct Form {
    prefix: StoredValue<String>,
    messages: RwSignal<Vec<Shown>>,
}

/// What a field shows: a core problem (worded when shown, in the interface language) or a
/// message already worded elsewhere (the AI endpoint's check).
#[derive(Clone)]
enum Shown {
    Problem(FieldError),
    Worded(&'static str, String),
}

impl Shown {
    fn field(&self) -> &'static str {
        match self {
            Shown::Problem(error) => error.field,
            Shown::Worded(field, _) => field,
        }
    }

    fn words(&self) -> String {
        match self {
            Shown::Problem(error) => crate::i18n::errors::field_error(error),
            Shown::Worded(_, message) => message.clone(),
        }
    }
}

impl Form {
    /// A form whose element ids start with `base-N-`.
    pub fn new(base: &str) -> Form {
        Form { prefix: StoredValue::new(unique_id(base)), messages: RwSignal::new(Vec::new()) }
    }

    /// The id of the control of `field`.
    pub fn id(&self, field: &str) -> String {
        format!("{}-{field}", self.prefix.get_value())
    }

    /// The message of `field`, if any, worded in the interface language (reactive).
    pub fn message(&self, field: &'static str) -> Signal<Option<String>> {
        let messages = self.messages;
        Signal::derive(move || messages.with(|list| list.iter().find(|shown| shown.field() == field).map(Shown::words)))
    }

    /// Whether any field has a message (untracked: for submit handlers).
    pub fn has_errors(&self) -> bool {
        self.messages.with_untracked(|list| !list.is_empty())
    }

    /// Shows `errors` next to their fields (replacing the previous ones).
    pub fn show(&self, errors: &FieldErrors) {
        self.messages.set(errors.iter().cloned().map(Shown::Problem).collect());
    }

    /// Shows `errors` and moves focus to the first field with a message.
    pub fn show_and_focus(&self, errors: &FieldErrors) {
        self.show(errors);
        if let Some(error) = errors.iter().next() {
            let id = self.id(error.field);
            request_animation_frame(move || focus_by_id(&id));
        }
    }

    /// Shows a message worded elsewhere next to `field` and moves focus there.
    pub fn show_message_and_focus(&self, field: &'static str, message: String) {
        self.messages.set(vec![Shown::Worded(field, message)]);
        let id = self.id(field);
        request_animation_frame(move || focus_by_id(&id));
    }

    pub fn clear(&self) {
        self.messages.set(Vec::new());
    }

    /// Validates as the user types once `active` is true (after the first submit): the messages
    /// follow `validate`'s errors.
    pub fn validate_live(
        &self,
        active: Signal<bool>,
        validate: impl Fn() -> Result<(), FieldErrors> + Send + Sync + 'static,
    ) {
        let form = *self;
        Effect::new(move |_| {
            if !active.get() {
                return;
            }
            match validate() {
                Ok(()) => form.clear(),
                Err(errors) => form.show(&errors),
            }
        });
    }
}

/// The parts of a field a control must point at.
#[derive(Clone)]
pub struct FieldControl {
    /// The control's `id` (the label's `for`).
    pub id: String,
    /// The control's `aria-describedby`: the hint, then the error.
    pub described_by: String,
    /// The control's `aria-invalid`.
    pub invalid: Signal<bool>,
}

/// A labelled field around any control: the label, the control `control` renders from the ids it
/// is given, the hint and the error message.
#[component]
pub fn Field<F, V>(
    form: Form,
    /// The record field it edits (its messages and its id come from the form).
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    /// Marks the label "(required)" and the control `aria-required`.
    #[prop(optional)]
    required: bool,
    control: F,
) -> impl IntoView
where
    F: FnOnce(FieldControl) -> V,
    V: IntoView + 'static,
{
    let id = form.id(name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let message = form.message(name);
    let invalid = Signal::derive(move || message.with(Option::is_some));
    let has_hint = hint.with_untracked(Option::is_some);
    let described_by = if has_hint { format!("{hint_id} {error_id}") } else { error_id.clone() };
    let control = control(FieldControl { id: id.clone(), described_by, invalid });
    view! {
        <div class="field" class:field--invalid=move || invalid.get()>
            <label class="field__label" for=id>
                {move || label.get()}
                {required.then(|| {
                    let i18n = crate::i18n::use_i18n();
                    view! { <span class="field__required">" "{crate::i18n::t!(i18n, components.required)}</span> }
                })}
            </label>
            {control}
            {has_hint.then(|| view! { <p class="field__hint" id=hint_id>{move || hint.get()}</p> })}
            <p class="field__error" id=error_id>{move || message.get()}</p>
        </div>
    }
}

/// The kinds of text control a [`TextField`] renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TextKind {
    #[default]
    Text,
    Email,
    /// `type=number`, any value the browser accepts.
    Number,
    Url,
    /// Whole numbers (a numeric keyboard on phones).
    Count,
    /// Numbers with decimals, as the user writes them (parsed by the core's number policy).
    Decimal,
    DateTime,
    Date,
    Password,
    /// A textarea of this many rows.
    Multiline(u32),
}

/// A text-like field bound to a value: `value` is shown, `on_input` receives every edit.
#[component]
pub fn TextField(
    form: Form,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional)] kind: TextKind,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
    #[prop(optional, into)] placeholder: MaybeProp<String>,
) -> impl IntoView {
    let control = move |control: FieldControl| {
        let FieldControl { id, described_by, invalid } = control;
        let invalid = move || invalid.get().to_string();
        let input = move |event: leptos::ev::Event| on_input.run(event_target_value(&event));
        match kind {
            TextKind::Multiline(rows) => view! {
                <textarea id=id rows=rows autofocus=autofocus placeholder=move || placeholder.get()
                    prop:value=move || value.get() on:input=input
                    aria-required=required.then_some("true")
                    aria-invalid=invalid aria-describedby=described_by></textarea>
            }
            .into_any(),
            _ => {
                let (kind, inputmode, step) = match kind {
                    TextKind::Email => ("email", None, None),
                    TextKind::Url => ("url", None, None),
                    TextKind::Number => ("number", None, None),
                    TextKind::Count => ("number", Some("numeric"), Some("1")),
                    TextKind::Decimal => ("text", Some("decimal"), None),
                    TextKind::DateTime => ("datetime-local", None, None),
                    TextKind::Date => ("date", None, None),
                    TextKind::Password => ("password", None, None),
                    _ => ("text", None, None),
                };
                let min = step.map(|_| "0");
                view! {
                    <input id=id type=kind inputmode=inputmode step=step min=min autofocus=autofocus placeholder=move || placeholder.get()
                        prop:value=move || value.get() on:input=input
                        aria-required=required.then_some("true")
                        aria-invalid=invalid aria-describedby=described_by />
                }
                .into_any()
            }
        }
    };
    view! { <Field form=form name=name label=label hint=hint required=required control=control /> }
}

/// A `(value, on_input)` pair for a [`TextField`] editing one text of a draft record.
pub fn bind<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    get: fn(&D) -> String,
    set: fn(&mut D, String),
) -> (Signal<String>, Callback<String>) {
    (Signal::derive(move || draft.with(get)), Callback::new(move |value| draft.update(|draft| set(draft, value))))
}
