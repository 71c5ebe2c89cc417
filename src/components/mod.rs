//! Shared UI pieces: icons, dialogs, toasts, empty states, status badges.

pub mod dialog;
pub mod empty;
pub mod icons;
pub mod living_state;
pub mod markdown;
pub mod project_form;
pub mod status;
pub mod toasts;

pub use dialog::{ConfirmDialog, Dialog};
pub use empty::{EmptyState, ErrorNote, ListSkeleton};
pub use icons::{Icon, IconName};
pub use living_state::LivingStateSection;
pub use markdown::Markdown;
pub use project_form::EditProjectDialog;
pub use status::StatusBadge;
pub use toasts::Toasts;
