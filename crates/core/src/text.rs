//! Quoting a file's text back in a message.

/// At most this many characters of a file's text are quoted in a message: a hostile file can
/// hold megabytes in one string, and quoting it whole would make the message that large.
pub const ECHO_MAX: usize = 80;

/// `text` cut to [`ECHO_MAX`] characters (on a character boundary), with "…" when cut.
pub fn shorten(text: &str) -> String {
    shorten_to(text, ECHO_MAX)
}

/// `text` cut to `max` characters (on a character boundary), with "…" when cut.
pub fn shorten_to(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_on_character_boundaries() {
        assert_eq!(shorten("short"), "short");
        assert_eq!(shorten(&"x".repeat(ECHO_MAX)), "x".repeat(ECHO_MAX));
        assert_eq!(shorten(&"x".repeat(ECHO_MAX + 1)), format!("{}…", "x".repeat(ECHO_MAX)));
        // Multi-byte characters are never split.
        assert_eq!(shorten_to("éééé", 2), "éé…");
        assert_eq!(shorten_to("日本語テキスト", 3), "日本語…");
    }
}
