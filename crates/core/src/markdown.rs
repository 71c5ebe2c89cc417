//! The sanitising markdown renderer: the only way user markdown becomes HTML.
//!
//! Raw HTML in the source is shown as text, never parsed; links keep only `http`, `https` and
//! `mailto` destinations (checked after entity decoding, ignoring case, spaces and control
//! characters), anything else is rendered as its plain text; images are never loaded (no request
//! leaves the page): they become a link to the image when its address is allowed, else their
//! alt text.

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Whether a link destination may be followed.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
    match cleaned.split_once(':') {
        // No scheme before any slash, "?" or "#": a relative link, which stays inside the app.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(scheme, "http" | "https" | "mailto"),
        _ => true,
    }
}

/// Renders markdown to HTML that is safe to insert into the page.
pub fn to_safe_html(source: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut events = Vec::new();
    // Links whose destination was refused: their end tag is dropped with them.
    let mut refused_links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Html(text) | Event::InlineHtml(text) => events.push(Event::Text(text)),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                // E-mail autolinks (`<a@b.c>`) become mailto: links.
                let safe = link_type == LinkType::Email || is_safe_url(&dest_url);
                refused_links.push(!safe);
                if safe {
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) => {
                if !refused_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { dest_url, title, id, .. }) => {
                in_image += 1;
                let safe = is_safe_url(&dest_url);
                refused_links.push(!safe);
                if safe {
                    events.push(Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                if !refused_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Text(text) if in_image > 0 && text.is_empty() => events.push(Event::Text(CowStr::from("image"))),
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // Links open in a new tab without handing the app to the target.
    out.replace("<a href=", "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\" href=")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let html = to_safe_html("Hello <script>alert(1)</script> and <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let block = to_safe_html("<div onclick=\"x()\">\n<b>bold</b>\n</div>");
        assert!(!block.contains("<div") && !block.contains("<b>"), "{block}");
    }

    #[test]
    fn only_http_https_mailto_links_survive() {
        assert!(to_safe_html("[ok](https://example.com)").contains("href=\"https://example.com\""));
        assert!(to_safe_html("[mail](mailto:a@b.c)").contains("href=\"mailto:a@b.c\""));
        for evil in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x](javascript&#58;alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ] {
            let html = to_safe_html(evil);
            assert!(
                !html.to_lowercase().contains("href=\"javascript")
                    && !html.contains("href=\"data:")
                    && !html.contains("href=\"vbscript"),
                "{evil} → {html}"
            );
            assert!(!html.contains("<a "), "{evil} → {html}");
        }
    }

    #[test]
    fn images_never_load() {
        let html = to_safe_html("![alt text](https://tracker.example/pixel.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("href=\"https://tracker.example/pixel.png\""), "{html}");
        assert!(html.contains("alt text"));
        let evil = to_safe_html("![x](javascript:alert(1))");
        assert!(!evil.contains("<a ") && !evil.contains("<img"), "{evil}");
    }

    #[test]
    fn ordinary_markdown_renders() {
        let html = to_safe_html(
            "# Title\n\n- one\n- **two**\n\n```rust\nlet x = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        );
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<strong>two</strong>"));
        assert!(html.contains("1 &lt; 2"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn relative_links_stay_and_attributes_are_escaped() {
        assert!(is_safe_url("/projects/1"));
        assert!(is_safe_url("#section"));
        assert!(!is_safe_url(" javascript:x"));
        let html = to_safe_html("[t](https://e.com \"a\\\" onmouseover=\\\"x\")");
        assert!(!html.contains("\" onmouseover"), "{html}");
    }
}
