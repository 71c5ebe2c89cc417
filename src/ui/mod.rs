//! The UI kit: the one place for fields, pagers, async views, actions, dialogs, trash with Undo,
//! element ids, the clipboard and downloads. Screens compose these; they do not repeat them.
//!
//! leptos-use was weighed for each: Baton takes only its split crates (`leptos-use-broadcast-channel`,
//! `-web-lock`) because the whole crate costs wasm size and build time; the clipboard and the
//! download are a few lines here, with errors worded for the toast.

mod action;
mod async_view;
mod clipboard;
mod dialog;
mod download;
mod empty;
mod form;
mod form_footer;
mod form_parts;
mod ids;
mod layout;
mod new_button;
mod pager;
mod trash;
mod trash_confirm;

pub use action::{use_action, use_action_with_options, UseActionOptions, UseActionReturn};
pub use async_view::{async_view, loaded};
pub use clipboard::{copy_with_toast, write_clipboard};
pub use dialog::{ConfirmDialog, Dialog};
pub use download::download_text;
pub use empty::{EmptyState, ErrorNote, ListSkeleton};
pub use form::{bind, Field, FieldControl, Form, TextField, TextKind};
pub use form_footer::FormFooter;
pub use form_parts::FormProblem;
pub use ids::unique_id;
pub use layout::use_narrow_layout;
pub use new_button::{DeleteButton, EditButton, NewButton};
pub use pager::Pager;
pub use trash::trash_with_undo;
pub use trash_confirm::TrashConfirm;
