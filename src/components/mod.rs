//! Feature pieces shared by several screens (the kit's generic pieces are in `src/ui/`): the
//! command palette, credit alerts, starting and ending a session, the knowledge form, icons,
//! the markdown view, the session banner, status badges and toasts.

pub mod activity;
pub mod command_palette;
pub mod credit_alerts;
pub mod end_session;
pub mod icons;
pub mod knowledge_form;
pub mod markdown;
pub mod session_banner;
pub mod start_session;
pub mod status;
pub mod toasts;

pub use end_session::EndSessionDialog;
pub use icons::{Icon, IconName};
pub use knowledge_form::{category_icon, CategoryLabel, KnowledgeFormDialog};
pub use markdown::Markdown;
pub use session_banner::SessionBanner;
pub use start_session::StartSessionDialog;
pub use status::StatusBadge;
pub use toasts::Toasts;
