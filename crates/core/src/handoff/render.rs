//! The content model as text, in each of the five formats.

use super::model::{block_items, Block, Field, Item, Model, Section};
use super::words::fill;
use super::SectionKind;
use crate::records::BundleFormat;
use crate::tokens::estimate_tokens;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Which items a render shows.
#[derive(Clone, Copy, Debug)]
pub(super) enum Selection {
    /// Every item but the first `n` of the trim order.
    Dropping(usize),
    /// The required sections alone.
    RequiredOnly,
}

impl Selection {
    fn shows(&self, item: &Item) -> bool {
        match self {
            Selection::Dropping(dropped) => item.rank.is_none_or(|rank| rank >= *dropped),
            Selection::RequiredOnly => item.rank.is_none(),
        }
    }

    /// Required sections always show; optional ones only while they have an item left.
    fn shows_section(&self, section: &Section) -> bool {
        if section.kind.is_required() {
            return true;
        }
        match self {
            Selection::RequiredOnly => false,
            Selection::Dropping(_) => section.blocks.iter().flat_map(block_items).any(|item| self.shows(item)),
        }
    }
}

/// The estimated tokens of trimmable items, by rank, as rendered in `format`; each computed
/// when first asked for, since a tight budget needs only those of the items it keeps.
pub(super) struct ItemCosts<'m> {
    format: BundleFormat,
    /// Each item by rank, and whether it is an entry (rather than a list item).
    items: Vec<Option<(&'m Item, bool)>>,
    known: Vec<Option<u32>>,
}

impl<'m> ItemCosts<'m> {
    pub(super) fn new(model: &'m Model, format: BundleFormat) -> ItemCosts<'m> {
        let mut items = vec![None; model.ranks.len()];
        for block in model.sections.iter().flat_map(|section| section.blocks.iter()) {
            let entries = matches!(block, Block::Entries(_));
            for item in block_items(block) {
                if let Some(rank) = item.rank {
                    items[rank] = Some((item, entries));
                }
            }
        }
        ItemCosts { format, known: vec![None; items.len()], items }
    }

    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    pub(super) fn cost(&mut self, rank: usize) -> u32 {
        if let Some(cost) = self.known[rank] {
            return cost;
        }
        let Some((item, entries)) = self.items[rank] else { return 0 };
        let text = match self.format {
            BundleFormat::Json => serde_json::to_string_pretty(&canonical(&item.data)).unwrap_or_default() + ",",
            format if entries => entry_text(item, format),
            format => list_item_text("- ", item, format),
        };
        let cost = estimate_tokens(&text);
        self.known[rank] = Some(cost);
        cost
    }
}

/// Renders the model; returns the text and the sections shown, in the order shown.
pub(super) fn render(
    model: &Model,
    format: BundleFormat,
    selection: Selection,
    omitted_line: &str,
) -> (String, Vec<SectionKind>) {
    let mut order: Vec<&Section> = model.sections.iter().filter(|section| selection.shows_section(section)).collect();
    if format == BundleFormat::Classic {
        order.sort_by_key(|section| classic_position(section.kind));
    }
    let shown = order.iter().map(|section| section.kind).collect();
    let text = match format {
        BundleFormat::Markdown | BundleFormat::Plain => text_document(&order, format, selection, omitted_line),
        BundleFormat::Classic => classic_document(model, &order, selection, omitted_line),
        BundleFormat::Xml => xml_document(&order, selection, omitted_line),
        BundleFormat::Json => json_document(&order, selection, omitted_line),
    };
    (text, shown)
}

/// Markdown: `#` title, `##` sections. Plain: headings underlined with `=` and `-`, no markup.
fn text_document(sections: &[&Section], format: BundleFormat, selection: Selection, omitted_line: &str) -> String {
    let mut parts: Vec<String> = sections
        .iter()
        .map(|section| {
            let heading = match (format, section.kind) {
                (BundleFormat::Plain, SectionKind::Header) => underlined(&section.heading, '='),
                (BundleFormat::Plain, _) => underlined(&section.heading, '-'),
                (_, SectionKind::Header) => format!("# {}\n", section.heading),
                _ => format!("## {}\n", section.heading),
            };
            format!("{heading}\n{}", section_body(section, format, selection))
        })
        .collect();
    if !omitted_line.is_empty() {
        parts.push(format!("{omitted_line}\n"));
    }
    parts.join("\n")
}

/// Where each section goes in the classic layout: title and metadata, instructions, the
/// condensed context, done, blockers, next steps, then the report request.
fn classic_position(kind: SectionKind) -> usize {
    match kind {
        SectionKind::Header => 0,
        SectionKind::Instructions => 1,
        SectionKind::Goal => 2,
        SectionKind::CurrentState => 3,
        SectionKind::Decisions => 4,
        SectionKind::Constraints => 5,
        SectionKind::KeyFiles => 6,
        SectionKind::Knowledge => 7,
        SectionKind::Transcript => 8,
        SectionKind::DoneSoFar => 9,
        SectionKind::Blockers => 10,
        SectionKind::NextSteps => 11,
        SectionKind::ReportRequest => 12,
    }
}

/// Whether the classic layout files the section under "Condensed context".
fn in_condensed_context(kind: SectionKind) -> bool {
    (2..=8).contains(&classic_position(kind))
}

/// The original app's briefing: "# Handoff briefing: <project>", metadata, "Condensed context",
/// "Done", "Blockers", "Next steps", and the report request.
fn classic_document(model: &Model, sections: &[&Section], selection: Selection, omitted_line: &str) -> String {
    let classic = &model.words.classic;
    let mut parts = Vec::new();
    let mut context_started = false;
    for section in sections {
        let body = section_body(section, BundleFormat::Classic, selection);
        let part = match section.kind {
            SectionKind::Header => {
                format!("# {}\n\n{body}", fill(&classic.title, &[("project", &model.project)]))
            }
            kind if in_condensed_context(kind) => {
                let mut part = String::new();
                if !context_started {
                    context_started = true;
                    part.push_str(&format!("## {}\n\n", classic.condensed_context));
                }
                part.push_str(&format!("### {}\n\n{body}", section.heading));
                part
            }
            kind => {
                let heading = match kind {
                    SectionKind::DoneSoFar if !section.custom => &classic.done,
                    SectionKind::Blockers => &classic.blockers,
                    _ => &section.heading,
                };
                format!("## {heading}\n\n{body}")
            }
        };
        parts.push(part);
    }
    if !omitted_line.is_empty() {
        parts.push(format!("{omitted_line}\n"));
    }
    parts.join("\n")
}

/// `<handoff>` with one tag per section; the content escaped.
fn xml_document(sections: &[&Section], selection: Selection, omitted_line: &str) -> String {
    let mut parts = Vec::new();
    for section in sections {
        let tag = section.kind.as_str();
        let mut inner = String::new();
        // The tag names the section; a heading that says more (a delta's) is kept as a line.
        if section.kind != SectionKind::Header && section.custom {
            inner.push_str(&escape(&section.heading));
            inner.push('\n');
        }
        inner.push_str(&escape(&section_body(section, BundleFormat::Xml, selection)));
        parts.push(format!("<{tag}>\n{inner}</{tag}>\n"));
    }
    let mut text = format!("<handoff>\n{}", parts.join("\n"));
    if !omitted_line.is_empty() {
        text.push_str(&format!("\n<omitted>{}</omitted>\n", escape(omitted_line)));
    }
    text.push_str("</handoff>\n");
    text
}

/// A JSON object with one field per section, in section order; every object's keys sorted.
fn json_document(sections: &[&Section], selection: Selection, omitted_line: &str) -> String {
    let mut fields = vec![("bundle".to_string(), Value::String("baton-handoff".into()))];
    for section in sections {
        fields.push((section.kind.as_str().to_string(), json_section(section, selection)));
    }
    if !omitted_line.is_empty() {
        fields.push(("omitted".into(), Value::String(omitted_line.into())));
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(key, value)| {
            let value = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
            // Raw line breaks only occur between tokens in pretty JSON, so indenting them is safe.
            format!("  {}: {}", Value::String(key.clone()), value.replace('\n', "\n  "))
        })
        .collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

fn json_section(section: &Section, selection: Selection) -> Value {
    let mut object: BTreeMap<String, Value> = BTreeMap::new();
    object.insert("title".into(), Value::String(section.heading.clone()));
    if section.empty {
        object.insert("empty".into(), Value::Bool(true));
    }
    let mut paragraphs = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Paragraph(text) => paragraphs.push(text.clone()),
            Block::Fields(fields) => {
                let map = fields.iter().map(|field| (field.key.to_string(), Value::String(field.value.clone())));
                object.insert("fields".into(), Value::Object(map.collect()));
            }
            Block::List { key, items, .. } => {
                let values = items.iter().filter(|item| selection.shows(item)).map(|item| canonical(&item.data));
                let list = object.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = list {
                    list.extend(values);
                }
            }
            Block::Entries(items) => {
                let values = items.iter().filter(|item| selection.shows(item)).map(|item| canonical(&item.data));
                object.insert("items".into(), Value::Array(values.collect()));
            }
            Block::Verbatim(text) => {
                object.insert("block".into(), Value::String(text.clone()));
            }
        }
    }
    if !paragraphs.is_empty() {
        object.insert("text".into(), Value::String(paragraphs.join("\n\n")));
    }
    // Empty lists (a list whose items were all trimmed) say nothing.
    object.retain(|_, value| !matches!(value, Value::Array(list) if list.is_empty()));
    canonical(&Value::Object(object.into_iter().collect()))
}

/// The value with every object's keys inserted in sorted order, so the text is the same whether
/// or not serde_json keeps insertion order (its `preserve_order` feature).
fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, &Value> = map.iter().collect();
            let mut out = Map::new();
            for (key, value) in sorted {
                out.insert(key.clone(), canonical(value));
            }
            Value::Object(out)
        }
        Value::Array(values) => Value::Array(values.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// A section's blocks for the text formats, separated by blank lines.
fn section_body(section: &Section, format: BundleFormat, selection: Selection) -> String {
    let blocks: Vec<String> = section.blocks.iter().filter_map(|block| text_block(block, format, selection)).collect();
    blocks.join("\n")
}

/// One block as text ending in a line break, or `None` when nothing of it is shown.
fn text_block(block: &Block, format: BundleFormat, selection: Selection) -> Option<String> {
    let markdown = matches!(format, BundleFormat::Markdown | BundleFormat::Classic);
    match block {
        Block::Paragraph(text) | Block::Verbatim(text) => Some(format!("{text}\n")),
        Block::Fields(fields) => Some(fields.iter().map(|field| field_line(field, markdown)).collect()),
        Block::List { caption, numbered, items, .. } => {
            let shown: Vec<&Item> = items.iter().filter(|item| selection.shows(item)).collect();
            if shown.is_empty() {
                return None;
            }
            let mut text = caption.as_ref().map(|caption| format!("{caption}\n\n")).unwrap_or_default();
            for (index, item) in shown.iter().enumerate() {
                let prefix = if *numbered { format!("{}. ", index + 1) } else { "- ".to_string() };
                text.push_str(&list_item_text(&prefix, item, format));
            }
            Some(text)
        }
        Block::Entries(items) => {
            let shown: Vec<String> =
                items.iter().filter(|item| selection.shows(item)).map(|item| entry_text(item, format)).collect();
            (!shown.is_empty()).then(|| shown.join("\n"))
        }
    }
}

fn field_line(field: &Field, markdown: bool) -> String {
    if markdown {
        format!("- **{}:** {}\n", field.label, field.value)
    } else {
        format!("{}: {}\n", field.label, field.value)
    }
}

/// A list item: the prefix on the first line, continuation lines indented under it.
fn list_item_text(prefix: &str, item: &Item, _format: BundleFormat) -> String {
    let indent = " ".repeat(prefix.chars().count());
    let mut text = String::new();
    for (index, line) in item.lines.iter().enumerate() {
        if index == 0 {
            text.push_str(prefix);
        } else if !line.is_empty() {
            text.push_str(&indent);
        }
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// An entry (a transcript turn): its first line (bold in Markdown), then its lines as they are.
fn entry_text(item: &Item, format: BundleFormat) -> String {
    let mut text = String::new();
    for (index, line) in item.lines.iter().enumerate() {
        if index == 0 && matches!(format, BundleFormat::Markdown | BundleFormat::Classic) {
            text.push_str(&format!("**{line}**\n"));
            if item.lines.len() > 1 {
                text.push('\n');
            }
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

fn underlined(heading: &str, mark: char) -> String {
    format!("{heading}\n{}\n", mark.to_string().repeat(heading.chars().count().max(3)))
}

/// Escapes `&`, `<` and `>` for the XML-tagged format.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
