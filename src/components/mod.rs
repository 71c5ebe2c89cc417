//! Shared UI pieces: icons, dialogs, toasts, empty states, status badges.

pub mod dialog;
pub mod empty;
pub mod icons;
pub mod status;
pub mod toasts;

pub use dialog::{ConfirmDialog, Dialog};
pub use empty::{EmptyState, ErrorNote, ListSkeleton};
pub use icons::{Icon, IconName};
pub use status::StatusBadge;
pub use toasts::Toasts;
