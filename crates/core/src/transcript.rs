//! Splitting a pasted conversation into turns (parity item 5: the original kept only the first
//! line of each message; here every line stays with its turn).
//!
//! # The rules
//!
//! - A line **starts a turn** when it begins with a speaker's name and a colon, ignoring case and
//!   leading spaces: `User:`, `Human:`, `Me:`, `You:` (user); `AI:`, `Assistant:`, `Bot:`,
//!   `Claude:`, `ChatGPT:`, `GPT:`, `Gemini:`, `Model:`, `Genspark:` (assistant); `System:`;
//!   `Tool:`. The chat apps' own copy formats are read too: `**User:**`, `**User**:`, `*User:*`,
//!   `__User__:`, a heading (`### User`, `## Assistant:`), a name alone in bold (`**Claude**`),
//!   and "`ChatGPT said:`" / "`You said:`". Text after the prefix on that line is the turn's first
//!   line.
//! - Only whole names count: `Username: bob` and `User123:` do not start a turn.
//! - Every other line belongs to the turn above it: blank lines, indented lines, lists, code.
//! - Inside a fenced code block (```` ``` ```` or `~~~`) nothing starts a turn, so `User:` in a
//!   pasted script stays in the message. A fence that is never closed is not a fence (otherwise
//!   one stray ```` ``` ```` would swallow the rest of the conversation).
//! - Quoted lines (`> User: …`) do not start a turn: an answer quoting the question keeps the
//!   quote.
//! - Text before the first prefix is kept as its own turn: the opening message (user) when an
//!   assistant answers it next, and a preamble (system) otherwise — a title, the date, notes.
//!   A text with no prefix at all is one user turn.
//! - Contents lose the blank lines around them and trailing spaces at the end, and keep inner
//!   blank lines and indentation. Windows line breaks become `\n`. Turns left empty (`User:`
//!   followed directly by another prefix) are dropped.

use crate::records::{Role, TranscriptTurn};
use crate::tokens::estimate_tokens;

/// One turn of a pasted conversation, ready to review and store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedTurn {
    pub role: Role,
    pub content: String,
    /// [`estimate_tokens`] of `content`.
    pub tokens: u32,
}

/// Splits a pasted conversation into turns (see the module documentation for the rules).
pub fn split_transcript(text: &str) -> Vec<ParsedTurn> {
    let lines: Vec<&str> = text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).collect();
    let closers = closing_fences_after(&lines);

    // Turns as (role, lines); the role is `None` for text before the first prefix.
    let mut turns: Vec<(Option<Role>, Vec<&str>)> = vec![(None, Vec::new())];
    let mut fence: Option<Fence> = None;
    for (index, &line) in lines.iter().enumerate() {
        if let Some(open) = fence {
            if Fence::closes(open, line) {
                fence = None;
            }
            push_line(&mut turns, line);
            continue;
        }
        let content = match parse_prefix(line) {
            Some((role, rest)) => {
                turns.push((Some(role), Vec::new()));
                rest
            }
            None => line,
        };
        push_line(&mut turns, content);
        if let Some(open) = Fence::opening(content) {
            // Only a fence that some later line closes.
            if closers[index + 1].closes(open) {
                fence = Some(open);
            }
        }
    }

    let first_role = turns.iter().find_map(|(role, _)| *role);
    let leading_role = match first_role {
        None | Some(Role::Assistant) => Role::User,
        Some(_) => Role::System,
    };
    turns
        .into_iter()
        .filter_map(|(role, lines)| {
            let content = tidy(&lines);
            (!content.is_empty()).then(|| {
                let tokens = estimate_tokens(&content);
                ParsedTurn { role: role.unwrap_or(leading_role), content, tokens }
            })
        })
        .collect()
}

/// User turns, assistant turns and the tokens of all turns.
pub fn turn_summary(turns: &[ParsedTurn]) -> (usize, usize, u32) {
    let users = turns.iter().filter(|turn| turn.role == Role::User).count();
    let assistants = turns.iter().filter(|turn| turn.role == Role::Assistant).count();
    let tokens = turns.iter().fold(0u32, |sum, turn| sum.saturating_add(turn.tokens));
    (users, assistants, tokens)
}

/// How many turns of each role a transcript has, and their token estimate in all: what the
/// transcript's summary line says ("2 user turns, 1 assistant turn · ≈ 1,234 tokens in all";
/// the UI words it, naming other roles only when there are any).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TurnCounts {
    pub user: i64,
    pub assistant: i64,
    /// System and tool turns.
    pub other: i64,
    pub tokens: u32,
}

/// Counts the turns' roles and adds up their token estimates.
pub fn count_turns(turns: impl IntoIterator<Item = (Role, u32)>) -> TurnCounts {
    let mut counts = TurnCounts::default();
    for (role, turn_tokens) in turns {
        match role {
            Role::User => counts.user += 1,
            Role::Assistant => counts.assistant += 1,
            _ => counts.other += 1,
        }
        counts.tokens = counts.tokens.saturating_add(turn_tokens);
    }
    counts
}

/// "User: …\n\nAssistant: …": stored turns as text that [`split_transcript`] splits the same
/// way again (what "Copy transcript" copies).
pub fn turns_text(turns: &[TranscriptTurn]) -> String {
    turns.iter().map(|turn| format!("{}: {}", turn.role.english(), turn.content)).collect::<Vec<_>>().join("\n\n")
}

fn push_line<'a>(turns: &mut [(Option<Role>, Vec<&'a str>)], line: &'a str) {
    if let Some((_, lines)) = turns.last_mut() {
        lines.push(line);
    }
}

/// The lines joined, without the blank lines around them and the spaces at the very end.
fn tidy(lines: &[&str]) -> String {
    let blank = |line: &&str| line.trim().is_empty();
    let start = lines.iter().position(|line| !blank(line)).unwrap_or(lines.len());
    let end = lines.iter().rposition(|line| !blank(line)).map_or(start, |last| last + 1);
    lines[start..end].join("\n").trim_end().to_string()
}

/// The speaker names, lowercase, and their roles.
const SPEAKERS: &[(&str, Role)] = &[
    ("user", Role::User),
    ("human", Role::User),
    ("me", Role::User),
    ("you", Role::User),
    ("ai", Role::Assistant),
    ("assistant", Role::Assistant),
    ("bot", Role::Assistant),
    ("claude", Role::Assistant),
    ("chatgpt", Role::Assistant),
    ("gpt", Role::Assistant),
    ("gemini", Role::Assistant),
    ("model", Role::Assistant),
    ("genspark", Role::Assistant),
    ("system", Role::System),
    ("tool", Role::Tool),
];

fn speaker(name: &str) -> Option<Role> {
    SPEAKERS.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|&(_, role)| role)
}

/// The role a line starts, and the rest of the line (the turn's first line), if it starts one.
fn parse_prefix(line: &str) -> Option<(Role, &str)> {
    let mut rest = line.trim_start_matches([' ', '\t']);
    // "### User" / "## Assistant:"
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let heading = (1..=6).contains(&hashes) && rest[hashes..].starts_with([' ', '\t']);
    if heading {
        rest = rest[hashes..].trim_start_matches([' ', '\t']);
    }
    // "**User:**", "**User**:", "*User:*", "__User__:"
    let emphasis = ["**", "__", "*", "_"].into_iter().find(|mark| rest.starts_with(mark));
    if let Some(mark) = emphasis {
        rest = &rest[mark.len()..];
    }
    let name_length = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let role = speaker(&rest[..name_length])?;
    rest = &rest[name_length..];
    // "ChatGPT said:" / "You said:"
    let spaced = rest.trim_start_matches([' ', '\t']);
    if spaced.len() < rest.len() && spaced.get(..4).is_some_and(|word| word.eq_ignore_ascii_case("said")) {
        let after = &spaced[4..];
        if after.trim_start_matches([' ', '\t']).starts_with([':', '*', '_']) || after.trim().is_empty() {
            rest = after;
        }
    }
    rest = rest.trim_start_matches([' ', '\t']);

    let mut colon = false;
    if let Some(after) = rest.strip_prefix(':') {
        colon = true;
        rest = after;
    }
    if let Some(mark) = emphasis {
        // The emphasis closes right after the name or right after the colon.
        rest = rest.strip_prefix(mark)?;
        if !colon {
            if let Some(after) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') {
                colon = true;
                rest = after;
            }
        }
    }
    if colon {
        Some((role, rest.trim_start_matches([' ', '\t'])))
    } else if (heading || emphasis.is_some()) && rest.trim().is_empty() {
        // A name alone on its line, as a heading or in bold.
        Some((role, ""))
    } else {
        None
    }
}

/// A code fence: its mark (`` ` `` or `~`) and how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fence {
    mark: u8,
    length: usize,
}

impl Fence {
    /// The fence a line opens, if it starts with three or more backticks or tildes.
    fn opening(line: &str) -> Option<Fence> {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let mark = *trimmed.as_bytes().first()?;
        if mark != b'`' && mark != b'~' {
            return None;
        }
        let length = trimmed.bytes().take_while(|&byte| byte == mark).count();
        // A backtick fence's info string has no backtick (otherwise it is inline code).
        let info_ok = mark == b'~' || !trimmed[length..].contains('`');
        (length >= 3 && info_ok).then_some(Fence { mark, length })
    }

    /// The fence a line can close: nothing but the marks (and spaces).
    fn closing(line: &str) -> Option<Fence> {
        let fence = Fence::opening(line)?;
        line.trim().bytes().all(|byte| byte == fence.mark).then_some(fence)
    }

    fn closes(open: Fence, line: &str) -> bool {
        Fence::closing(line).is_some_and(|close| close.mark == open.mark && close.length >= open.length)
    }
}

/// The longest closing fence of each mark at or after a line.
#[derive(Clone, Copy, Default)]
struct Closers {
    backticks: usize,
    tildes: usize,
}

impl Closers {
    fn closes(&self, open: Fence) -> bool {
        let longest = if open.mark == b'`' { self.backticks } else { self.tildes };
        longest >= open.length
    }
}

/// For each line index `i` (and `lines.len()`), the longest closing fences in `lines[i..]`, so
/// that an unclosed fence is recognised in one pass.
fn closing_fences_after(lines: &[&str]) -> Vec<Closers> {
    let mut after = vec![Closers::default(); lines.len() + 1];
    for (index, line) in lines.iter().enumerate().rev() {
        let mut closers = after[index + 1];
        if let Some(fence) = Fence::closing(line) {
            if fence.mark == b'`' {
                closers.backticks = closers.backticks.max(fence.length);
            } else {
                closers.tildes = closers.tildes.max(fence.length);
            }
        }
        after[index] = closers;
    }
    after
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn roles(turns: &[ParsedTurn]) -> Vec<Role> {
        turns.iter().map(|turn| turn.role).collect()
    }

    fn contents(turns: &[ParsedTurn]) -> Vec<&str> {
        turns.iter().map(|turn| turn.content.as_str()).collect()
    }

    #[test]
    fn simple_exchange() {
        let turns = split_transcript("User: Hello\nAssistant: Hi! How can I help?");
        assert_eq!(roles(&turns), [Role::User, Role::Assistant]);
        assert_eq!(contents(&turns), ["Hello", "Hi! How can I help?"]);
        assert_eq!(turns[0].tokens, estimate_tokens("Hello"));
    }

    #[test]
    fn multi_line_messages_keep_every_line() {
        // The original app kept only the first line of each message.
        let text = "User: I have two questions.\nFirst, why does it fail?\n\nSecond, how do I fix it?\n\
                    Assistant: Let me answer both.\n\n1. It fails because the index is stale.\n   (rebuild it)\n2. Rebuild the index.\n";
        let turns = split_transcript(text);
        assert_eq!(roles(&turns), [Role::User, Role::Assistant]);
        assert_eq!(turns[0].content, "I have two questions.\nFirst, why does it fail?\n\nSecond, how do I fix it?");
        assert_eq!(
            turns[1].content,
            "Let me answer both.\n\n1. It fails because the index is stale.\n   (rebuild it)\n2. Rebuild the index."
        );
    }

    #[test]
    fn prefixes_inside_code_fences_do_not_start_turns() {
        let text = "User: What does this print?\n```python\nprint(\"User: hi\")\nAssistant: not a turn\n```\nAI: It prints `User: hi`.\n~~~\nHuman: still code\n~~~\nUser: thanks";
        let turns = split_transcript(text);
        assert_eq!(roles(&turns), [Role::User, Role::Assistant, Role::User]);
        assert_eq!(
            turns[0].content,
            "What does this print?\n```python\nprint(\"User: hi\")\nAssistant: not a turn\n```"
        );
        assert_eq!(turns[1].content, "It prints `User: hi`.\n~~~\nHuman: still code\n~~~");
        assert_eq!(turns[2].content, "thanks");
    }

    #[test]
    fn a_fence_opened_on_the_prefix_line_counts() {
        let turns = split_transcript("Assistant: ```rust\nUser: inside\n```\nUser: outside");
        assert_eq!(roles(&turns), [Role::Assistant, Role::User]);
        assert_eq!(turns[0].content, "```rust\nUser: inside\n```");
    }

    #[test]
    fn an_unclosed_fence_does_not_swallow_the_rest() {
        let turns =
            split_transcript("User: look at ``` this\n```\nAssistant: the stray fence above is never closed\nUser: ok");
        assert_eq!(roles(&turns), [Role::User, Role::Assistant, Role::User]);
        // A longer closing fence closes a shorter opening one; a shorter one does not.
        let turns = split_transcript("User: a\n````\nAI: code\n```\nAI: still code\n`````\nAI: answer");
        assert_eq!(roles(&turns), [Role::User, Role::Assistant]);
        assert_eq!(turns[1].content, "answer");
    }

    #[test]
    fn prefixes_ignore_case_and_leading_space() {
        let turns = split_transcript("USER: one\n  assistant: two\n\tHuMaN: three\nme: four\nbot: five\nAi: six");
        assert_eq!(
            roles(&turns),
            [Role::User, Role::Assistant, Role::User, Role::User, Role::Assistant, Role::Assistant]
        );
        assert_eq!(contents(&turns), ["one", "two", "three", "four", "five", "six"]);
    }

    #[test]
    fn vendor_names_are_assistants() {
        let turns = split_transcript(
            "User: q\nClaude: a\nUser: q\nChatGPT: b\nUser: q\nGemini: c\nGPT: d\nModel: e\nGenspark: f",
        );
        assert_eq!(roles(&turns).iter().filter(|role| **role == Role::Assistant).count(), 6, "{turns:?}");
        assert_eq!(turns[1].content, "a");
        assert_eq!(turns[5].content, "c");
    }

    #[test]
    fn system_and_tool_turns() {
        let turns = split_transcript("System: be brief\nUser: hi\nTool: {\"ok\": true}\nAssistant: done");
        assert_eq!(roles(&turns), [Role::System, Role::User, Role::Tool, Role::Assistant]);
    }

    #[test]
    fn markdown_forms_of_the_prefix() {
        let text = "**User:** bold inside\n**Assistant**: bold outside\n*Human:* italic\n__Claude__: underscores\n\
                    ### User\nheading alone\n## Assistant: heading with text\n**ChatGPT**\nbold name alone";
        let turns = split_transcript(text);
        assert_eq!(
            roles(&turns),
            [Role::User, Role::Assistant, Role::User, Role::Assistant, Role::User, Role::Assistant, Role::Assistant]
        );
        assert_eq!(
            contents(&turns),
            [
                "bold inside",
                "bold outside",
                "italic",
                "underscores",
                "heading alone",
                "heading with text",
                "bold name alone"
            ]
        );
    }

    #[test]
    fn the_said_form_of_chat_apps() {
        let turns = split_transcript("You said:\nHow long is a day on Mars?\nChatGPT said:\nAbout 24 h 37 min.");
        assert_eq!(roles(&turns), [Role::User, Role::Assistant]);
        assert_eq!(contents(&turns), ["How long is a day on Mars?", "About 24 h 37 min."]);
    }

    #[test]
    fn words_that_only_begin_like_a_name_do_not_start_turns() {
        let turns = split_transcript("User: create the account\nUsername: bob\nUser123: x\nUser-agent: curl\nMeanwhile: y\n**Me** too\nAIs: many\nUser said hello");
        assert_eq!(turns.len(), 1);
        assert_eq!(
            turns[0].content,
            "create the account\nUsername: bob\nUser123: x\nUser-agent: curl\nMeanwhile: y\n**Me** too\nAIs: many\nUser said hello"
        );
    }

    #[test]
    fn quoted_prefixes_stay_in_the_quoting_turn() {
        let turns = split_transcript("User: why?\nAssistant: You asked:\n> User: why?\nBecause.");
        assert_eq!(roles(&turns), [Role::User, Role::Assistant]);
        assert_eq!(turns[1].content, "You asked:\n> User: why?\nBecause.");
    }

    #[test]
    fn text_without_prefixes_is_one_user_turn() {
        let text = "Just some notes\n\nabout the project\n    with indentation";
        let turns = split_transcript(text);
        assert_eq!(roles(&turns), [Role::User]);
        assert_eq!(turns[0].content, text);
    }

    #[test]
    fn leading_text_is_the_opening_message_or_a_preamble() {
        // Answered by an assistant: it was the user's unlabelled opening message.
        let turns = split_transcript("How do I undo a commit?\nAssistant: git revert it.");
        assert_eq!(roles(&turns), [Role::User, Role::Assistant]);
        // Followed by a user turn: a title or notes, kept as a system turn.
        let turns = split_transcript("Chat export, 12 May\n\nUser: hi\nAssistant: hello");
        assert_eq!(roles(&turns), [Role::System, Role::User, Role::Assistant]);
        assert_eq!(turns[0].content, "Chat export, 12 May");
    }

    #[test]
    fn empty_and_blank_input_give_no_turns() {
        assert!(split_transcript("").is_empty());
        assert!(split_transcript("   \n\t\n\r\n  ").is_empty());
        assert_eq!(turn_summary(&[]), (0, 0, 0));
    }

    #[test]
    fn windows_line_endings() {
        let turns = split_transcript("User: line one\r\nline two\r\n\r\nAssistant: answer\r\nmore\r\n");
        assert_eq!(roles(&turns), [Role::User, Role::Assistant]);
        assert_eq!(contents(&turns), ["line one\nline two", "answer\nmore"]);
        assert!(turns.iter().all(|turn| !turn.content.contains('\r')));
    }

    #[test]
    fn a_prefix_with_nothing_after_it() {
        // The message starts on the next line.
        let turns = split_transcript("User:\n\n  indented first line\nsecond\nAssistant:\nanswer");
        assert_eq!(contents(&turns), ["  indented first line\nsecond", "answer"]);
        // A turn left empty is dropped.
        let turns = split_transcript("User:\nAssistant: only me\nUser:   \n");
        assert_eq!(roles(&turns), [Role::Assistant]);
        assert!(split_transcript("User:").is_empty());
    }

    #[test]
    fn blank_lines_around_are_trimmed_inner_ones_kept() {
        let turns = split_transcript("\n\nUser: \n\n\nfirst\n\n\nlast   \n\n\nAssistant:   spaced   \n\n");
        assert_eq!(contents(&turns), ["first\n\n\nlast", "spaced"]);
    }

    #[test]
    fn summary_counts_roles_and_tokens() {
        let turns = split_transcript("System: s\nUser: a\nAssistant: b\nUser: c\nTool: t\nAssistant: d");
        let total: u32 = turns.iter().map(|turn| turn.tokens).sum();
        assert_eq!(turn_summary(&turns), (2, 2, total));
        assert!(total >= 6);
    }

    #[test]
    fn a_long_transcript_splits_quickly() {
        let exchange =
            "User: question with some words in it\nand a second line\nAssistant: an answer\n```\nUser: code\n```\n";
        let text = exchange.repeat(5_000);
        let turns = split_transcript(&text);
        assert_eq!(turns.len(), 10_000);
        assert_eq!(turn_summary(&turns).0, 5_000);
    }

    const PREFIXES: &[(&str, Role)] = &[
        ("User:", Role::User),
        ("user: ", Role::User),
        ("  Human:", Role::User),
        ("**Me:**", Role::User),
        ("### User\n", Role::User),
        ("AI:", Role::Assistant),
        ("**Assistant**:", Role::Assistant),
        ("Claude: ", Role::Assistant),
        ("CHATGPT:", Role::Assistant),
        ("gemini:", Role::Assistant),
        ("Bot:", Role::Assistant),
        ("System:", Role::System),
        ("Tool:", Role::Tool),
    ];

    /// Lines that never start a turn outside a fence.
    fn body_line() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ,.!?()*#>-]{0,30}".prop_filter("not a prefix", |line| parse_prefix(line).is_none()),
            Just(String::new()),
            Just("Username: bob".to_string()),
            Just("> User: quoted".to_string()),
            Just("    indented code();".to_string()),
            Just("Ünïcödé 中文 🚀".to_string()),
        ]
    }

    /// A message: lines, sometimes with a closed code fence holding prefix-like lines.
    fn message() -> impl Strategy<Value = Vec<String>> {
        (proptest::collection::vec(body_line(), 0..6), any::<bool>(), proptest::collection::vec(body_line(), 0..3))
            .prop_map(|(mut lines, fenced, tail)| {
                if fenced {
                    lines.extend([
                        "```".to_string(),
                        "User: in code".to_string(),
                        "AI: too".to_string(),
                        "```".to_string(),
                    ]);
                }
                lines.extend(tail);
                lines
            })
    }

    fn non_space(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    proptest! {
        #[test]
        fn no_content_is_lost(
            turns in proptest::collection::vec((0..PREFIXES.len(), message()), 1..8),
            crlf in any::<bool>(),
        ) {
            let mut text = String::new();
            let mut expected_text = String::new();
            let mut expected_roles = Vec::new();
            for (prefix, lines) in &turns {
                let (marker, role) = PREFIXES[*prefix];
                let body = lines.join("\n");
                text.push_str(marker);
                text.push_str(&body);
                text.push('\n');
                expected_text.push_str(&non_space(&body));
                if !body.trim().is_empty() {
                    expected_roles.push(role);
                }
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let parsed = split_transcript(&text);
            let got: String = parsed.iter().map(|turn| non_space(&turn.content)).collect();
            prop_assert_eq!(got, expected_text);
            prop_assert_eq!(roles(&parsed), expected_roles);
            for turn in &parsed {
                prop_assert_eq!(turn.tokens, estimate_tokens(&turn.content));
                prop_assert_eq!(turn.content.trim_end(), turn.content.as_str());
                prop_assert!(!turn.content.is_empty());
            }
        }

        #[test]
        fn any_text_keeps_its_characters_in_order(text in any::<String>()) {
            // Whatever the input, the turns hold a subsequence of its visible characters.
            let parsed = split_transcript(&text);
            let input = non_space(&text);
            let mut remaining = input.chars();
            for c in parsed.iter().flat_map(|turn| turn.content.chars()).filter(|c| !c.is_whitespace()) {
                prop_assert!(remaining.any(|d| d == c), "{c:?} out of order");
            }
        }
    }

    #[test]
    fn turns_are_described_and_copied_back_as_text_that_splits_the_same() {
        let turns = split_transcript("User: hi\nthere\n\nAssistant: hello\n\nSystem: note\n\nUser: bye");
        let counted = count_turns(turns.iter().map(|turn| (turn.role, turn.tokens)));
        let tokens: u32 = turns.iter().map(|turn| turn.tokens).sum();
        assert_eq!(counted, TurnCounts { user: 2, assistant: 1, other: 1, tokens });
        assert_eq!(count_turns([(Role::Assistant, 3)]), TurnCounts { user: 0, assistant: 1, other: 0, tokens: 3 });
        assert_eq!(count_turns([(Role::Tool, u32::MAX), (Role::User, 1)]).tokens, u32::MAX);

        let at = crate::time::Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        let stored: Vec<TranscriptTurn> = turns
            .iter()
            .enumerate()
            .map(|(seq, turn)| TranscriptTurn {
                id: crate::ids::Id::v7(1_767_225_600_000 + seq as u64, [seq as u8; 10]),
                created_at: at,
                updated_at: at,
                deleted_at: None,
                rev: 1,
                session_id: crate::ids::Id::v7(1_767_225_600_000, [9; 10]),
                seq: seq as u32 + 1,
                role: turn.role,
                content: turn.content.clone(),
                at: None,
                tokens: turn.tokens,
            })
            .collect();
        let text = turns_text(&stored);
        assert!(text.starts_with("User: hi\nthere\n\nAssistant: hello"), "{text}");
        assert_eq!(split_transcript(&text), turns);
    }
}
