//! Shared UI pieces: icons, dialogs, toasts, empty states, status badges.

pub mod backups;
pub mod charts;
pub mod command_palette;
pub mod credit_alerts;
pub mod data_exchange;
pub mod end_session;
pub mod icons;
pub mod knowledge_form;
pub mod markdown;
pub mod prompt_tools;
pub mod session_banner;
pub mod start_session;
pub mod status;
pub mod storage_health;
pub mod toasts;

pub use end_session::EndSessionDialog;
pub use icons::{Icon, IconName};
pub use knowledge_form::{category_icon, CategoryLabel, KnowledgeFormDialog};
pub use markdown::Markdown;
pub use session_banner::SessionBanner;
pub use start_session::StartSessionDialog;
pub use status::StatusBadge;
pub use toasts::Toasts;
