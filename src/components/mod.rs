//! Shared UI pieces: icons, dialogs, toasts, empty states, status badges.

pub mod checkpoints;
pub mod command_palette;
pub mod credit_alerts;
pub mod credit_analysis;
pub mod end_session;
pub mod icons;
pub mod knowledge_form;
pub mod living_state;
pub mod markdown;
pub mod project_form;
pub mod project_knowledge;
pub mod prompt_tools;
pub mod report_paste;
pub mod session_banner;
pub mod start_session;
pub mod state_diff;
pub mod status;
pub mod timeline;
pub mod toasts;

pub use end_session::EndSessionDialog;
pub use icons::{Icon, IconName};
pub use knowledge_form::{category_icon, CategoryLabel, KnowledgeFormDialog};
pub use living_state::LivingStateSection;
pub use markdown::Markdown;
pub use project_form::EditProjectDialog;
pub use session_banner::SessionBanner;
pub use start_session::StartSessionDialog;
pub use status::StatusBadge;
pub use toasts::Toasts;
