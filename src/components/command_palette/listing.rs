//! What the palette lists for a query: the commands it names and the records the search index
//! finds, grouped by type.

use crate::i18n::td_string;
use crate::search_index;
use baton_core::search::{command_score, Hit};
use baton_core::Id;

/// Hits shown per type.
const PER_TYPE: usize = 5;
/// Commands shown for a query.
const COMMANDS_SHOWN: usize = 6;
/// "Build handoff for …" offered for this many projects when nothing is typed.
const HANDOFF_PROJECTS: usize = 3;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Command {
    NewProject,
    StartSession,
    BuildHandoff(Id, String),
    ExportEverything,
    ToggleTheme,
    GoTo(&'static str, &'static str),
}

impl Command {
    /// Its name in the interface language (what the query is matched against).
    pub(super) fn label(&self) -> String {
        let locale = crate::platform::locale();
        match self {
            Command::NewProject => td_string!(locale, shell.palette.new_project).to_string(),
            Command::StartSession => td_string!(locale, shell.palette.start_session).to_string(),
            Command::BuildHandoff(_, project) => td_string!(locale, shell.palette.build_handoff, project).to_string(),
            Command::ExportEverything => td_string!(locale, shell.palette.export_everything).to_string(),
            Command::ToggleTheme => td_string!(locale, shell.palette.toggle_theme).to_string(),
            Command::GoTo(_, name) => td_string!(locale, shell.palette.go_to, section = name).to_string(),
        }
    }

    pub(super) fn hint(&self) -> &'static str {
        let locale = crate::platform::locale();
        match self {
            Command::NewProject => td_string!(locale, shell.palette.new_project_hint),
            Command::StartSession => td_string!(locale, shell.palette.start_session_hint),
            Command::BuildHandoff(..) => td_string!(locale, shell.palette.build_handoff_hint),
            Command::ExportEverything => td_string!(locale, shell.palette.export_everything_hint),
            Command::ToggleTheme => td_string!(locale, shell.palette.toggle_theme_hint),
            Command::GoTo(..) => td_string!(locale, shell.palette.go_to_hint),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Entry {
    Command(Command),
    Record(Hit),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Group {
    pub(super) label: &'static str,
    pub(super) entries: Vec<Entry>,
}

/// The commands for a query: the main ones when nothing is typed, else those whose label it
/// names, best first.
fn commands(query: &str) -> Vec<Command> {
    let projects = search_index::projects();
    if query.trim().is_empty() {
        let mut list = vec![Command::NewProject, Command::StartSession];
        list.extend(projects.into_iter().take(HANDOFF_PROJECTS).map(|(id, name)| Command::BuildHandoff(id, name)));
        list.extend([Command::ExportEverything, Command::ToggleTheme]);
        return list;
    }
    let mut all = vec![Command::NewProject, Command::StartSession, Command::ExportEverything, Command::ToggleTheme];
    all.extend(projects.into_iter().map(|(id, name)| Command::BuildHandoff(id, name)));
    all.extend(crate::nav::SECTIONS.iter().map(|section| Command::GoTo(section.path, section.name())));
    let mut scored: Vec<(f32, Command)> = all
        .into_iter()
        .filter_map(|command| {
            let score = command_score(query, &command.label());
            (score > 0.0).then_some((score, command))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(COMMANDS_SHOWN).map(|(_, command)| command).collect()
}

/// What the palette lists: groups of entries, and the words the query matched (for snippets).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Listing {
    /// The query listed (what was typed, as typed).
    pub(super) query: String,
    pub(super) groups: Vec<Group>,
    pub(super) words: Vec<String>,
}

/// Records grouped by type, and the commands: first when nothing is typed or a command is named
/// well, else after the records.
pub(super) fn listing(query: &str) -> Listing {
    let commands = commands(query);
    let strong = commands.first().is_some_and(|command| command_score(query, &command.label()) >= 0.6);
    let mut records: Vec<Group> = Vec::new();
    let found = search_index::find(query, PER_TYPE);
    for hit in found.hits {
        let label = crate::i18n::core_text::search_group(hit.kind);
        match records.last_mut() {
            Some(group) if group.label == label => group.entries.push(Entry::Record(hit)),
            _ => records.push(Group { label, entries: vec![Entry::Record(hit)] }),
        }
    }
    let commands = (!commands.is_empty()).then(|| Group {
        label: td_string!(crate::platform::locale(), shell.palette.commands),
        entries: commands.into_iter().map(Entry::Command).collect(),
    });
    let groups = match commands {
        Some(commands) if query.trim().is_empty() || strong => std::iter::once(commands).chain(records).collect(),
        Some(commands) => records.into_iter().chain(std::iter::once(commands)).collect(),
        None => records,
    };
    Listing { query: query.to_string(), groups, words: found.words }
}
