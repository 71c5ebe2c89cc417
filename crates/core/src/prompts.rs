//! The prompt tools beside the handoff: condensing pasted notes, the troubleshooting prompt, and
//! the domain half of AI-assisted condensing over an OpenAI-compatible endpoint (the browser
//! sends the request; the key never passes through here).

use crate::handoff::words::{words as bundle_words, TroubleshootWords};
use crate::locale::Language;
use crate::records::Project;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;

/// How hard [`condense`] cuts. The three extractive levels are the original app's, kept as they
/// were; [`CondenseLevel::Smart`] is the better default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CondenseLevel {
    #[default]
    Smart,
    Low,
    Medium,
    High,
}

impl CondenseLevel {
    pub const ALL: [CondenseLevel; 4] =
        [CondenseLevel::Smart, CondenseLevel::Low, CondenseLevel::Medium, CondenseLevel::High];

    /// The name shown to people.
    pub fn label(&self) -> &'static str {
        match self {
            CondenseLevel::Smart => "Smart",
            CondenseLevel::Low => "Low",
            CondenseLevel::Medium => "Medium",
            CondenseLevel::High => "High",
        }
    }

    /// One sentence saying what the level keeps.
    pub fn description(&self) -> &'static str {
        match self {
            CondenseLevel::Smart => {
                "Keeps headings, decisions, markers, numbers, paths, code and list items; drops separators, \
                 duplicates and chat noise."
            }
            CondenseLevel::Low => "Keeps the first 25 non-blank lines.",
            CondenseLevel::Medium => "Keeps the first 15 lines longer than 20 characters.",
            CondenseLevel::High => "Keeps the first 5 lines marked ✅ ⚠️ 🚧 or containing \"important\".",
        }
    }
}

/// The result of [`condense`], with the figures the screen shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condensed {
    pub text: String,
    /// Characters (not bytes) of the notes and of the condensed text.
    pub original_chars: usize,
    pub condensed_chars: usize,
    /// `condensed_chars / original_chars × 100`, rounded; 100 for empty notes (nothing was cut).
    pub ratio_percent: u32,
    /// Non-blank lines kept, of the notes' non-blank lines.
    pub kept_lines: usize,
    pub total_lines: usize,
}

/// Condenses pasted notes at `level`. Lines are kept as written (trailing spaces removed), in
/// their order.
///
/// - **Low**: the first 25 non-blank lines.
/// - **Medium**: the first 15 lines longer than 20 characters (trimmed).
/// - **High**: the first 5 lines containing ✅, ⚠️, 🚧 or "important" (any case).
/// - **Smart**: fenced code blocks are kept whole when at most 30 lines (longer ones keep their
///   first 20 lines and say how many were cut); outside code it keeps headings, list items with
///   content, lines with a marker (✅ ⚠️ 🚧 ❌, TODO, FIXME, NOTE, IMPORTANT), lines with a
///   decision word ("decided"/"decision", "because", "must", "never", "don't", "important"), lines with a
///   number, a path or file name, or code (inline `code`, `::`, `->`, `=>`, `()`); it drops
///   separators (`---`, `===`, `***`), blank bullets, "Loading…"/"Thinking…", button text
///   ("Copy code", "Copied!", "Regenerate"…), lines that are only a time or date, and lines
///   already kept; runs of blank lines become one.
pub fn condense(notes: &str, level: CondenseLevel) -> Condensed {
    let notes = notes.replace("\r\n", "\n");
    let non_blank = || notes.lines().filter(|line| !line.trim().is_empty()).map(str::trim_end);
    let kept: Vec<Cow<'_, str>> = match level {
        CondenseLevel::Low => non_blank().take(25).map(Cow::Borrowed).collect(),
        CondenseLevel::Medium => {
            non_blank().filter(|line| line.trim().chars().count() > 20).take(15).map(Cow::Borrowed).collect()
        }
        CondenseLevel::High => non_blank()
            .filter(|line| {
                line.contains('✅')
                    || line.contains('⚠')
                    || line.contains('🚧')
                    || line.to_lowercase().contains("important")
            })
            .take(5)
            .map(Cow::Borrowed)
            .collect(),
        CondenseLevel::Smart => smart_lines(&notes),
    };
    let text = kept.join("\n");
    let original_chars = notes.chars().count();
    let condensed_chars = text.chars().count();
    let ratio_percent = if original_chars == 0 {
        100
    } else {
        ((condensed_chars as f64 / original_chars as f64) * 100.0).round() as u32
    };
    Condensed {
        kept_lines: kept.iter().filter(|line| !line.trim().is_empty()).count(),
        total_lines: non_blank().count(),
        text,
        original_chars,
        condensed_chars,
        ratio_percent,
    }
}

/// Code blocks up to this many lines are kept whole by the smart level.
const SMART_CODE_MAX_LINES: usize = 30;
/// Lines kept from the start of a longer code block.
const SMART_CODE_HEAD_LINES: usize = 20;

/// The smart level's lines, with at most one blank line between kept groups.
fn smart_lines(notes: &str) -> Vec<Cow<'_, str>> {
    let lines: Vec<&str> = notes.lines().map(str::trim_end).collect();
    let mut kept: Vec<Cow<'_, str>> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    // A blank line was skipped since the last kept line: one goes before the next kept line.
    let mut blank_pending = false;
    let separate = |kept: &mut Vec<Cow<'_, str>>, blank_pending: &mut bool| {
        if std::mem::take(blank_pending) && !kept.is_empty() {
            kept.push(Cow::Borrowed(""));
        }
    };
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim();
        if let Some(fence) = opening_fence(trimmed) {
            let close = lines[index + 1..].iter().position(|l| closes_fence(l.trim(), fence)).map(|at| index + 1 + at);
            let end = close.unwrap_or(lines.len() - 1);
            let body = end - index - usize::from(close.is_some());
            separate(&mut kept, &mut blank_pending);
            if body <= SMART_CODE_MAX_LINES {
                kept.extend(lines[index..=end].iter().map(|l| Cow::Borrowed(*l)));
            } else {
                kept.extend(lines[index..=index + SMART_CODE_HEAD_LINES].iter().map(|l| Cow::Borrowed(*l)));
                kept.push(Cow::Owned(format!("… {} more lines of code", body - SMART_CODE_HEAD_LINES)));
                if let Some(close) = close {
                    kept.push(Cow::Borrowed(lines[close]));
                }
            }
            index = end + 1;
            continue;
        }
        index += 1;
        if trimmed.is_empty() {
            blank_pending = true;
            continue;
        }
        if is_noise(trimmed) || !is_worth_keeping(trimmed) || !seen.insert(trimmed.to_lowercase()) {
            continue;
        }
        separate(&mut kept, &mut blank_pending);
        kept.push(Cow::Borrowed(line));
    }
    kept
}

/// The fence (mark and length) a trimmed line opens: three or more backticks or tildes.
fn opening_fence(trimmed: &str) -> Option<(char, usize)> {
    let mark = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == mark).count();
    // A backtick fence's info string has no backtick (otherwise it is inline code).
    let info_ok = mark == '~' || !trimmed[length..].contains('`');
    (length >= 3 && info_ok).then_some((mark, length))
}

fn closes_fence(trimmed: &str, (mark, length): (char, usize)) -> bool {
    let run = trimmed.chars().take_while(|c| *c == mark).count();
    run >= length && trimmed.chars().all(|c| c == mark)
}

/// Lines that carry nothing: separators, empty bullets, progress and button text, bare times.
fn is_noise(trimmed: &str) -> bool {
    let lower = trimmed.to_lowercase();
    let separator = trimmed.chars().count() >= 3
        && ["-", "=", "*", "_", "─", "━"]
            .iter()
            .any(|mark| trimmed.chars().all(|c| c.is_whitespace() || mark.starts_with(c)));
    let blank_bullet = matches!(trimmed, "-" | "*" | "+" | "•" | "- [ ]" | "- [x]" | "* [ ]")
        || (trimmed.ends_with('.') || trimmed.ends_with(')'))
            && trimmed.len() <= 4
            && trimmed[..trimmed.len() - 1].chars().all(|c| c.is_ascii_digit());
    let progress = ["loading", "thinking", "generating", "searching", "typing"]
        .iter()
        .any(|word| lower.trim_end_matches(['.', '…']) == *word);
    let button = matches!(
        lower.as_str(),
        "copy" | "copy code" | "copied" | "copied!" | "edit" | "regenerate" | "retry" | "share" | "like" | "dislike"
    );
    separator || blank_bullet || progress || button || is_bare_time(&lower)
}

/// "12:41", "12:41 pm", "2026-03-14", "14/03/2026 09:15".
fn is_bare_time(lower: &str) -> bool {
    let core = lower.trim_end_matches("am").trim_end_matches("pm").trim();
    core.starts_with(|c: char| c.is_ascii_digit())
        && core.chars().any(|c| matches!(c, ':' | '-' | '/'))
        && core.chars().all(|c| c.is_ascii_digit() || matches!(c, ':' | '-' | '/' | '.' | ' ' | ',' | 't' | 'z' | '+'))
}

/// The smart level's keep rule for a line outside code (see [`condense`]).
fn is_worth_keeping(trimmed: &str) -> bool {
    let heading = trimmed.starts_with('#') && trimmed.trim_start_matches('#').starts_with(' ');
    let list_item = ["- ", "* ", "+ ", "• "].iter().any(|bullet| trimmed.starts_with(bullet)) || {
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") "))
    };
    let marker = ['✅', '⚠', '🚧', '❌'].iter().any(|mark| trimmed.contains(*mark))
        || words(trimmed).any(|word| matches!(word, "TODO" | "FIXME" | "NOTE" | "IMPORTANT"));
    let decision = words(trimmed).any(|word| {
        let word = word.to_lowercase();
        word.starts_with("decid")
            || word.starts_with("decision")
            || matches!(word.as_str(), "important" | "because" | "must" | "never" | "don't" | "don’t" | "dont")
    });
    let number = trimmed.chars().any(|c| c.is_ascii_digit());
    let code = trimmed.contains('`') || ["::", "->", "=>", "()", "();", "{}"].iter().any(|mark| trimmed.contains(mark));
    let path = trimmed.split_whitespace().any(looks_like_path);
    heading || list_item || marker || decision || number || code || path
}

/// Words of a line: letters and apostrophes.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|word| !word.is_empty())
}

/// `src/main.rs`, `./run.sh`, `C:\app\x.py`, `Cargo.toml`, `https://…`.
fn looks_like_path(token: &str) -> bool {
    let token = token.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | ':' | '"' | '\'' | '.'));
    if token.len() < 3 {
        return false;
    }
    let slashed = token.contains('/') && token.split('/').filter(|part| !part.is_empty()).count() >= 2;
    let backslashed = token.contains('\\') && token.len() > 3;
    let file = token.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && (1..=5).contains(&extension.len())
            && extension.chars().all(|c| c.is_ascii_alphanumeric())
            && extension.chars().any(|c| c.is_ascii_lowercase())
            && stem.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
            && !stem.ends_with('.')
    });
    slashed || backslashed || file
}

/// What [`troubleshooting_prompt`] is built from; only the error message is required.
#[derive(Clone, Copy, Debug, Default)]
pub struct TroubleshootInput<'a> {
    pub error_message: &'a str,
    pub stack_trace: &'a str,
    pub code_snippet: &'a str,
    /// Versions, OS, browser, how it is run.
    pub environment: &'a str,
    pub project: Option<&'a Project>,
}

/// How much of the project's current state the prompt quotes.
const STATE_EXCERPT_CHARS: usize = 600;

/// A debugging prompt: the project's context (name, goal, an excerpt of the current state, key
/// files, constraints), the error, stack trace and code in fences that nothing inside can close,
/// the environment, and what the answer should contain (likely cause, fix, how to verify).
/// Empty parts are left out. Fails when the error message is blank. In English; see
/// [`troubleshooting_prompt_in`].
pub fn troubleshooting_prompt(input: &TroubleshootInput) -> Result<String, String> {
    troubleshooting_prompt_in(input, Language::English)
}

/// [`troubleshooting_prompt`] with its own words in `language` (from
/// `locales/<code>/bundle.json`, `troubleshoot`); the error, code and project are quoted as
/// they are.
pub fn troubleshooting_prompt_in(input: &TroubleshootInput, language: Language) -> Result<String, String> {
    let error = input.error_message.trim();
    if error.is_empty() {
        return Err("Describe the error first: paste the message you see, then build the prompt.".into());
    }
    let all = bundle_words(language);
    let said = &all.troubleshoot;
    let mut out = format!("# {}\n\n{}\n", said.title, said.intro);
    if let Some(project) = input.project {
        out.push_str(&project_context(project, said, |importance| all.importance.of(importance).to_string()));
    }
    out.push_str(&format!("\n## {}\n\n", said.error));
    out.push_str(&fenced(error, "text"));
    for (heading, text, info) in [(&said.stack_trace, input.stack_trace, "text"), (&said.code, input.code_snippet, "")]
    {
        let text = text.trim_matches('\n').trim_end();
        if !text.trim().is_empty() {
            out.push_str(&format!("\n## {heading}\n\n{}", fenced(text, info)));
        }
    }
    let environment = input.environment.trim();
    if !environment.is_empty() {
        out.push_str(&format!("\n## {}\n\n{environment}\n", said.environment));
    }
    out.push_str(&format!("\n## {}\n\n", said.what_i_need));
    for (index, need) in said.needs.iter().enumerate() {
        out.push_str(&format!("{}. {need}\n", index + 1));
    }
    out.push_str(&format!("\n{}\n", said.missing));
    Ok(out)
}

fn project_context(
    project: &Project,
    said: &TroubleshootWords,
    importance: impl Fn(crate::records::Importance) -> String,
) -> String {
    let state = &project.state;
    let mut out = format!("\n## {}\n\n- **{}**: {}\n", said.project, said.name, project.name.trim());
    let goal = if state.goal.trim().is_empty() { project.description.trim() } else { state.goal.trim() };
    if !goal.is_empty() {
        out.push_str(&format!("- **{}**: {goal}\n", said.goal));
    }
    let current = state.current_state.trim();
    if !current.is_empty() {
        let excerpt = excerpt(current, STATE_EXCERPT_CHARS).replace('\n', " ");
        out.push_str(&format!("- **{}**: {excerpt}\n", said.current_state));
    }
    if !state.files.is_empty() {
        out.push_str(&format!("- **{}**:\n", said.key_files));
        for file in &state.files {
            let notes = file.notes.trim();
            let notes = if notes.is_empty() { String::new() } else { format!(" — {notes}") };
            out.push_str(&format!("  - `{}` ({}){notes}\n", file.path.trim(), importance(file.importance)));
        }
    }
    let constraints: Vec<&str> = state.constraints.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    if !constraints.is_empty() {
        out.push_str(&format!("- **{}** {}:\n", said.constraints, said.constraints_note));
        for constraint in constraints {
            out.push_str(&format!("  - {constraint}\n"));
        }
    }
    out
}

/// The first `max` characters of `text`, cut at a word and marked with "…" when cut.
fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => {
            let head = &text[..end];
            let head = head.rfind(char::is_whitespace).map_or(head, |space| &head[..space]);
            format!("{}…", head.trim_end())
        }
    }
}

/// `text` in a backtick fence longer than any backtick run inside it (at least three), so that
/// nothing in the text can close it early.
fn fenced(text: &str, info: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{info}\n{text}\n{fence}\n")
}

/// An OpenAI-compatible chat-completions endpoint the user configured. The API key is kept by
/// the browser layer, never here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AiEndpoint {
    /// The full `…/chat/completions` address.
    pub url: String,
    pub model: String,
}

/// Why an endpoint typed in Settings was refused. The interface words each case in its
/// language, saying what to type instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointProblem {
    /// No address was typed.
    NoAddress,
    /// The address contains spaces.
    Spaces,
    /// Neither `https://` nor `http://` starts the address.
    NoScheme,
    /// A user name or key is written into the address (`https://user:key@host`); the key has
    /// its own field, kept out of exports.
    Credentials,
    /// No server name after the scheme.
    NoHost,
    /// Plain `http://` to a server that is not this machine (`localhost`, `127.0.0.1`,
    /// `[::1]`): the key and the notes would travel unencrypted.
    InsecureRemote,
    /// A `#…` part, which is never sent to a server.
    Fragment,
    /// No model was named.
    NoModel,
}

/// Checks an endpoint typed by the user. `https://` is required, except for a server on this
/// machine (`localhost`, `127.0.0.1`, `[::1]`), which may use `http://`. A base address gets
/// `/chat/completions` appended (`…/v1` → `…/v1/chat/completions`; a bare host gets
/// `/v1/chat/completions`, where OpenAI, Ollama and LM Studio serve it); a full
/// `…/chat/completions` address is kept. The model must be named.
pub fn validate_endpoint(url: &str, model: &str) -> Result<AiEndpoint, EndpointProblem> {
    let url = url.trim();
    let model = model.trim();
    if url.is_empty() {
        return Err(EndpointProblem::NoAddress);
    }
    if url.chars().any(char::is_whitespace) {
        return Err(EndpointProblem::Spaces);
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(EndpointProblem::NoScheme);
    };
    let scheme_len = url.len() - rest.len();
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.contains('@') {
        return Err(EndpointProblem::Credentials);
    }
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.split(':').next().unwrap_or(authority)
    };
    if host.is_empty() || host == "[]" {
        return Err(EndpointProblem::NoHost);
    }
    if !secure && !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
        return Err(EndpointProblem::InsecureRemote);
    }
    if rest[authority_end..].contains('#') {
        return Err(EndpointProblem::Fragment);
    }
    if model.is_empty() {
        return Err(EndpointProblem::NoModel);
    }
    // Keep the user's spelling of the path; the scheme and host are lowercased.
    let original_rest = &url[scheme_len..];
    let (path_and_host, query) = match original_rest.find('?') {
        Some(at) => original_rest.split_at(at),
        None => (original_rest, ""),
    };
    let base = format!("{}{}", &lower[..scheme_len + authority_end], &path_and_host[authority_end..]);
    let base = base.trim_end_matches('/');
    let path = &base[scheme_len + authority_end..];
    let full = if path.to_ascii_lowercase().ends_with("/chat/completions") {
        base.to_string()
    } else if path.is_empty() {
        format!("{base}/v1/chat/completions")
    } else {
        format!("{base}/chat/completions")
    };
    Ok(AiEndpoint { url: format!("{full}{query}"), model: model.to_string() })
}

/// What the model is asked to do with a handoff draft.
pub const CONDENSE_SYSTEM_PROMPT: &str = "You condense handoff notes for an AI assistant that will continue the work. \
Rewrite the draft the user sends as one concise master prompt in Markdown. Keep, word for word, every decision and \
its reason, every constraint, file path, command, number, error message and next step. Drop repetition, chatter and \
anything already done that does not constrain what comes next. Do not invent anything; if the draft is unclear, keep \
its wording. Answer with the condensed prompt only.";

/// The JSON body of a chat-completions request that condenses `draft`.
pub fn condense_request_body(endpoint: &AiEndpoint, draft: &str) -> String {
    serde_json::json!({
        "model": endpoint.model,
        "messages": [
            {"role": "system", "content": CONDENSE_SYSTEM_PROMPT},
            {"role": "user", "content": draft},
        ],
        "temperature": 0.2,
    })
    .to_string()
}

/// Why a chat-completions answer gave no text. The interface words each case in its language,
/// with what to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseProblem {
    /// Nothing (or only spaces) came back.
    Empty,
    /// Not JSON; `start` is its first 60 characters, trimmed, to show what came instead (an
    /// HTML error page, a proxy's message).
    NotJson { start: String },
    /// An error body (`{"error": {"message": …}}` or `{"error": "…"}`), with the endpoint's own
    /// message when it gave one (not empty).
    Error { message: Option<String> },
    /// JSON without a `choices` list: not a chat-completions response.
    NoChoices,
    /// An empty `choices` list.
    NoChoice,
    /// The first choice has no text.
    EmptyAnswer,
}

/// How many characters of a non-JSON answer [`ResponseProblem::NotJson`] keeps.
const NOT_JSON_START_CHARS: usize = 60;

/// The assistant's text in a chat-completions response (`choices[0].message.content`), trimmed,
/// or what went wrong: not JSON, an error body, no choices, or an empty answer.
pub fn parse_chat_response(body: &str) -> Result<String, ResponseProblem> {
    let value: Value = serde_json::from_str(body).map_err(|_| {
        let start: String = body.trim().chars().take(NOT_JSON_START_CHARS).collect();
        if start.is_empty() {
            ResponseProblem::Empty
        } else {
            ResponseProblem::NotJson { start }
        }
    })?;
    if let Some(error) = value.get("error").filter(|error| !error.is_null()) {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .or_else(|| error.as_str())
            .map(str::trim)
            .filter(|message| !message.is_empty())
            .map(str::to_string);
        return Err(ResponseProblem::Error { message });
    }
    let Some(choices) = value.get("choices").and_then(Value::as_array) else {
        return Err(ResponseProblem::NoChoices);
    };
    let Some(first) = choices.first() else {
        return Err(ResponseProblem::NoChoice);
    };
    let content = &first["message"]["content"];
    let text = match content {
        Value::String(text) => text.clone(),
        // Some servers send the content as parts: [{"type": "text", "text": "…"}].
        Value::Array(parts) => parts.iter().filter_map(|part| part.get("text").and_then(Value::as_str)).collect(),
        _ => String::new(),
    };
    if text.trim().is_empty() {
        return Err(ResponseProblem::EmptyAnswer);
    }
    Ok(text.trim().to_string())
}
