//! The statement reader: a tokenizer for the SQL that D1 (and SQLite's `.dump`) writes, and a
//! reader for the two statements that carry data, `CREATE TABLE` and `INSERT`. It evaluates no
//! SQL beyond the few value forms dumps use; everything else is skipped and listed.

use super::{LegacyError, SkippedStatement, SqlDump, SqlInsert, SqlValue};

#[derive(Clone, Debug, PartialEq)]
enum Token {
    /// A bare word: a keyword or a name.
    Word(String),
    /// A name in double quotes, backticks or brackets.
    Quoted(String),
    Text(String),
    Blob(Vec<u8>),
    Number(String),
    Punct(char),
    /// Something no statement can hold (a malformed blob); the statement is skipped.
    Invalid(String),
}

#[derive(Clone, Debug)]
struct Spanned {
    token: Token,
    line: usize,
    offset: usize,
}

/// Words a dump's first statement can start with.
const STATEMENT_KEYWORDS: &[&str] = &[
    "PRAGMA",
    "BEGIN",
    "COMMIT",
    "END",
    "ROLLBACK",
    "CREATE",
    "INSERT",
    "REPLACE",
    "DELETE",
    "DROP",
    "ALTER",
    "UPDATE",
    "SAVEPOINT",
    "RELEASE",
    "ANALYZE",
    "VACUUM",
    "SELECT",
    "WITH",
    "ATTACH",
    "DETACH",
    "REINDEX",
];

/// Deepest nesting of parentheses read in a value, so hostile input cannot exhaust the stack.
const MAX_VALUE_DEPTH: usize = 32;

/// The longest value a computed form (`replace()`, `||`, `char()`, `unistr()`) may make. D1
/// stores at most 2,000,000 bytes in a row, so no value of a real export is longer; without a cap,
/// `replace()` nested 30 deep turns a few hundred bytes into terabytes.
const MAX_COMPUTED_VALUE_BYTES: usize = 2_000_000;
/// What one statement may compute in all (intermediate values included), at least: two rows at
/// D1's limit. A dump computes each text about twice (a `replace()` of a `replace()`, then `||`).
const MIN_STATEMENT_BUDGET: usize = 2 * MAX_COMPUTED_VALUE_BYTES;
/// Bytes computed per byte of the statement's (or the file's) own text beyond that minimum:
/// twice what a dump needs, while a hostile statement stops after a few copies of itself.
const COMPUTED_BYTES_PER_SOURCE_BYTE: usize = 4;
/// What a whole file may compute besides [`COMPUTED_BYTES_PER_SOURCE_BYTE`] per byte: many small
/// statements each within their own budget must not add up to gigabytes.
const MIN_FILE_BUDGET: usize = 16 * MAX_COMPUTED_VALUE_BYTES;

/// The bytes computed values may still take, for the statement and for the whole file. Every
/// byte a computed form makes is charged before it is made.
struct Budget {
    statement: usize,
    file: usize,
    /// The file's whole budget, for the message.
    file_limit: usize,
}

impl Budget {
    fn charge(&mut self, bytes: usize) -> Result<(), String> {
        if bytes > self.file {
            return Err(format!(
                "computed values (replace(), ||) past the file’s limit of {} bytes in all, far more than the \
                 file itself; no D1 export computes that much",
                group(self.file_limit)
            ));
        }
        if bytes > self.statement {
            return Err("computed values (replace(), ||) far larger than the statement itself; no D1 export \
                        computes that much"
                .into());
        }
        self.statement -= bytes;
        self.file -= bytes;
        Ok(())
    }
}

/// The budget of a file of `bytes` bytes.
fn file_budget(bytes: usize) -> usize {
    MIN_FILE_BUDGET.saturating_add(bytes.saturating_mul(COMPUTED_BYTES_PER_SOURCE_BYTE))
}

/// The budget of a statement of `bytes` bytes.
fn statement_budget(bytes: usize) -> usize {
    MIN_STATEMENT_BUDGET.max(bytes.saturating_mul(COMPUTED_BYTES_PER_SOURCE_BYTE))
}

/// Refuses a computed value longer than [`MAX_COMPUTED_VALUE_BYTES`], before it is made.
fn within_value_limit(bytes: usize) -> Result<(), String> {
    if bytes > MAX_COMPUTED_VALUE_BYTES {
        return Err(format!(
            "a value that would grow to {} bytes (replace() or || repeated), over the limit of {} bytes; no \
             value of a D1 export is that long",
            group(bytes),
            group(MAX_COMPUTED_VALUE_BYTES)
        ));
    }
    Ok(())
}

/// A computed value of `bytes` bytes checked and charged, before it is made.
fn produce(bytes: usize, budget: &mut Budget) -> Result<(), String> {
    within_value_limit(bytes)?;
    budget.charge(bytes)
}

/// 1234567 as "1,234,567".
fn group(number: usize) -> String {
    crate::locale::format_integer(i64::try_from(number).unwrap_or(i64::MAX))
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        // A byte-order mark is not part of the SQL.
        let pos = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        Lexer { text, pos, line: 1 }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        let mut chars = self.text[self.pos..].chars();
        chars.next();
        chars.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    /// Skips white space and comments.
    fn skip_blank(&mut self) -> Result<(), LegacyError> {
        loop {
            match (self.peek(), self.peek_second()) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('-'), Some('-')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    let line = self.line;
                    self.bump();
                    self.bump();
                    loop {
                        match self.bump() {
                            Some('*') if self.peek() == Some('/') => {
                                self.bump();
                                break;
                            }
                            Some(_) => {}
                            None => return Err(unterminated(line, "a /* comment")),
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Reads up to `close`, where a doubled `close` stands for itself (`''`, `""`, ``` `` ```).
    fn quoted(&mut self, close: char, what: &str) -> Result<String, LegacyError> {
        let line = self.line;
        self.bump();
        let mut value = String::new();
        loop {
            match self.bump() {
                Some(c) if c == close => {
                    if self.peek() == Some(close) && close != ']' {
                        self.bump();
                        value.push(close);
                    } else {
                        return Ok(value);
                    }
                }
                Some(c) => value.push(c),
                None => return Err(unterminated(line, what)),
            }
        }
    }

    fn next_token(&mut self) -> Result<Option<Spanned>, LegacyError> {
        self.skip_blank()?;
        let (offset, line) = (self.pos, self.line);
        let Some(c) = self.peek() else { return Ok(None) };
        let token = match c {
            '\'' => Token::Text(self.quoted('\'', "a quoted text")?),
            '"' => Token::Quoted(self.quoted('"', "a quoted name")?),
            '`' => Token::Quoted(self.quoted('`', "a quoted name")?),
            '[' => Token::Quoted(self.quoted(']', "a bracketed name")?),
            'x' | 'X' if self.peek_second() == Some('\'') => {
                self.bump();
                let hex = self.quoted('\'', "a blob")?;
                decode_hex(&hex).map(Token::Blob).unwrap_or_else(|| Token::Invalid(format!("X'{hex}'")))
            }
            c if c.is_ascii_digit() || (c == '.' && self.peek_second().is_some_and(|d| d.is_ascii_digit())) => {
                Token::Number(self.number())
            }
            c if c.is_alphabetic() || c == '_' || !c.is_ascii() => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()) {
                    self.bump();
                }
                Token::Word(self.text[start..self.pos].to_string())
            }
            c => {
                self.bump();
                Token::Punct(c)
            }
        };
        Ok(Some(Spanned { token, line, offset }))
    }

    fn number(&mut self) -> String {
        let start = self.pos;
        if self.peek() == Some('0') && matches!(self.peek_second(), Some('x' | 'X')) {
            self.bump();
            self.bump();
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.bump();
            }
            return self.text[start..self.pos].to_string();
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            self.bump();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let after_sign = match self.peek_second() {
                Some('+' | '-') => self.text[self.pos + 2..].chars().next(),
                other => other,
            };
            if after_sign.is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
                if matches!(self.peek(), Some('+' | '-')) {
                    self.bump();
                }
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                }
            }
        }
        self.text[start..self.pos].to_string()
    }
}

fn unterminated(line: usize, what: &str) -> LegacyError {
    LegacyError::Unterminated { line, what: what.to_string() }
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|index| hex.get(index..index + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
        .collect()
}

fn is_word(token: &Token, word: &str) -> bool {
    matches!(token, Token::Word(text) if text.eq_ignore_ascii_case(word))
}

/// Whether the text's first token is a word an SQL statement starts with.
pub(super) fn starts_like_sql(text: &str) -> bool {
    let mut lexer = Lexer::new(text);
    matches!(lexer.next_token(), Ok(Some(Spanned { token: Token::Word(word), .. }))
        if STATEMENT_KEYWORDS.iter().any(|keyword| keyword.eq_ignore_ascii_case(&word)))
}

pub(super) fn read(text: &str) -> Result<SqlDump, LegacyError> {
    if !starts_like_sql(text) {
        return Err(LegacyError::NotSql);
    }
    let mut lexer = Lexer::new(text);
    let mut dump = SqlDump::default();
    let file_limit = file_budget(text.len());
    let mut file_left = file_limit;
    let mut tokens: Vec<Spanned> = Vec::new();
    let mut trigger = false;
    while let Some(spanned) = lexer.next_token()? {
        if tokens.len() < 3
            && is_word(&spanned.token, "TRIGGER")
            && tokens.first().is_some_and(|t| is_word(&t.token, "CREATE"))
        {
            trigger = true;
        }
        if spanned.token == Token::Punct(';') {
            // A trigger's body holds semicolons; the trigger ends at `END;`.
            if trigger && !tokens.last().is_some_and(|t| is_word(&t.token, "END")) {
                tokens.push(spanned);
                continue;
            }
            if !tokens.is_empty() {
                let end = spanned.offset + 1;
                statement(text, &tokens, end, &mut dump, (&mut file_left, file_limit));
            }
            tokens.clear();
            trigger = false;
            continue;
        }
        tokens.push(spanned);
    }
    if let Some(first) = tokens.first() {
        return Err(unterminated(first.line, "the statement (it has no closing semicolon)"));
    }
    Ok(dump)
}

/// The first 60 characters of a statement, white space runs made one space.
fn statement_start(text: &str) -> String {
    // Word by word, so a long statement is not copied whole.
    let mut start = String::new();
    for word in text.split_whitespace() {
        if !start.is_empty() {
            start.push(' ');
        }
        start.push_str(word);
        if start.chars().count() >= 60 {
            break;
        }
    }
    start.chars().take(60).collect()
}

/// Reads one statement into `dump`; `file_left` is what the file may still compute, of `file_limit`.
fn statement(
    text: &str,
    tokens: &[Spanned],
    end: usize,
    dump: &mut SqlDump,
    (file_left, file_limit): (&mut usize, usize),
) {
    let first = &tokens[0];
    let source = &text[first.offset..end];
    let skip = |dump: &mut SqlDump, reason: String| {
        dump.skipped.push(SkippedStatement { line: first.line, reason, start: statement_start(source) });
    };
    let keyword = match &first.token {
        Token::Word(word) => word.to_ascii_uppercase(),
        _ => String::new(),
    };
    let words: Vec<String> = tokens
        .iter()
        .take(4)
        .map(|t| match &t.token {
            Token::Word(word) => word.to_ascii_uppercase(),
            _ => String::new(),
        })
        .collect();
    let second = words.get(1).map(String::as_str).unwrap_or("");
    match keyword.as_str() {
        "CREATE" => {
            let kind =
                if matches!(second, "TEMP" | "TEMPORARY") { words.get(2).map(String::as_str) } else { Some(second) };
            match kind {
                Some("TABLE") => match create_table(tokens) {
                    Ok((table, columns)) => {
                        dump.tables.insert(table, columns);
                    }
                    Err(reason) => skip(dump, reason),
                },
                Some("INDEX" | "UNIQUE") => skip(dump, "an index; Baton makes its own".into()),
                Some("TRIGGER") => skip(dump, "a trigger, not needed".into()),
                Some("VIEW") => skip(dump, "a view, not needed".into()),
                Some("VIRTUAL") => skip(dump, "a virtual table, not needed".into()),
                _ => skip(dump, "a statement Baton does not read".into()),
            }
        }
        "INSERT" | "REPLACE" => {
            let mut budget = Budget { statement: statement_budget(source.len()), file: *file_left, file_limit };
            let read = insert(tokens, &mut budget);
            // What a refused statement computed was spent all the same.
            *file_left = budget.file;
            match read {
                Ok(insert) => dump.inserts.push(insert),
                Err(reason) => skip(dump, reason),
            }
        }
        "ALTER" => match add_column(tokens) {
            Some((table, column)) => dump.tables.entry(table).or_default().push(column),
            None => skip(dump, "a table change Baton does not read".into()),
        },
        "PRAGMA" => skip(dump, "a setting of the original database, not needed".into()),
        "BEGIN" | "COMMIT" | "END" | "ROLLBACK" | "SAVEPOINT" | "RELEASE" => {
            skip(dump, "transaction control, not needed".into())
        }
        "DELETE"
            if tokens.iter().any(
                |t| matches!(&t.token, Token::Word(w) | Token::Quoted(w) if w.eq_ignore_ascii_case("sqlite_sequence")),
            ) =>
        {
            skip(dump, "SQLite’s id counters, not needed".into())
        }
        "DELETE" | "UPDATE" | "DROP" => skip(dump, "a change to existing rows or tables; an export only adds".into()),
        _ => skip(dump, "a statement Baton does not read".into()),
    }
}

/// A name: a bare word, a quoted name, or (as SQLite allows) a string; `schema.name` gives
/// `name`.
struct Cursor<'t> {
    tokens: &'t [Spanned],
    at: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.at).map(|t| &t.token)
    }

    fn next(&mut self) -> Option<&'t Token> {
        let token = self.peek()?;
        self.at += 1;
        Some(token)
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.peek().is_some_and(|t| is_word(t, word)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.peek() == Some(&Token::Punct(c)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> Option<String> {
        let mut name = match self.next()? {
            Token::Word(text) | Token::Quoted(text) | Token::Text(text) => text.clone(),
            _ => return None,
        };
        while self.eat_punct('.') {
            name = match self.next()? {
                Token::Word(text) | Token::Quoted(text) | Token::Text(text) => text.clone(),
                _ => return None,
            };
        }
        Some(name)
    }

    fn describe_next(&self) -> String {
        match self.peek() {
            None => "the end of the statement".into(),
            Some(Token::Word(word)) => format!("“{word}”"),
            Some(Token::Punct(c)) => format!("“{c}”"),
            Some(Token::Invalid(text)) => format!("the malformed value {text}"),
            Some(_) => "a value".into(),
        }
    }
}

fn create_table(tokens: &[Spanned]) -> Result<(String, Vec<String>), String> {
    let mut cursor = Cursor { tokens, at: 1 };
    cursor.eat_word("TEMP");
    cursor.eat_word("TEMPORARY");
    cursor.eat_word("TABLE");
    if cursor.eat_word("IF") {
        cursor.eat_word("NOT");
        cursor.eat_word("EXISTS");
    }
    let table = cursor.name().ok_or("a CREATE TABLE without a table name")?;
    if !cursor.eat_punct('(') {
        return Err(format!("a CREATE TABLE of {table} without a column list, not read"));
    }
    let mut columns = Vec::new();
    let mut depth = 1usize;
    let mut at_definition_start = true;
    while let Some(token) = cursor.next() {
        if at_definition_start {
            at_definition_start = false;
            let constraint =
                ["CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE", "CHECK"].iter().any(|word| is_word(token, word));
            if !constraint {
                match token {
                    Token::Word(name) | Token::Quoted(name) | Token::Text(name) => columns.push(name.clone()),
                    _ => return Err(format!("a CREATE TABLE of {table} with a column Baton cannot read")),
                }
            }
        }
        match token {
            Token::Punct('(') => depth += 1,
            Token::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return Ok((table, columns));
                }
            }
            Token::Punct(',') if depth == 1 => at_definition_start = true,
            _ => {}
        }
    }
    Err(format!("a CREATE TABLE of {table} whose column list never closes"))
}

fn add_column(tokens: &[Spanned]) -> Option<(String, String)> {
    let mut cursor = Cursor { tokens, at: 1 };
    if !cursor.eat_word("TABLE") {
        return None;
    }
    let table = cursor.name()?;
    if !cursor.eat_word("ADD") {
        return None;
    }
    cursor.eat_word("COLUMN");
    Some((table, cursor.name()?))
}

fn insert(tokens: &[Spanned], budget: &mut Budget) -> Result<SqlInsert, String> {
    let mut cursor = Cursor { tokens, at: 1 };
    if cursor.eat_word("OR") {
        cursor.next();
    }
    cursor.eat_word("INTO");
    let table = cursor.name().ok_or("an INSERT without a table name")?;
    let mut columns = None;
    if cursor.eat_punct('(') {
        let mut names = Vec::new();
        loop {
            names.push(cursor.name().ok_or_else(|| format!("an INSERT into {table} with an unreadable column list"))?);
            if cursor.eat_punct(')') {
                break;
            }
            if !cursor.eat_punct(',') {
                return Err(format!("an INSERT into {table} with an unreadable column list"));
            }
        }
        columns = Some(names);
    }
    if !cursor.eat_word("VALUES") {
        return Err(format!("an INSERT into {table} that does not list its values, not read"));
    }
    let mut rows = Vec::new();
    loop {
        if !cursor.eat_punct('(') {
            return Err(format!("an INSERT into {table} with {} where a row should start", cursor.describe_next()));
        }
        let mut row = Vec::new();
        loop {
            row.push(value(&mut cursor, 0, budget).map_err(|what| format!("an INSERT into {table} with {what}"))?);
            if cursor.eat_punct(')') {
                break;
            }
            if !cursor.eat_punct(',') {
                return Err(format!("an INSERT into {table} with {} inside a row", cursor.describe_next()));
            }
        }
        rows.push(row);
        if !cursor.eat_punct(',') {
            break;
        }
    }
    // An upsert clause or RETURNING changes nothing about the rows.
    if cursor.peek().is_some() && !cursor.peek().is_some_and(|t| is_word(t, "ON") || is_word(t, "RETURNING")) {
        return Err(format!("an INSERT into {table} with {} after its rows", cursor.describe_next()));
    }
    Ok(SqlInsert { table, columns, rows, line: tokens[0].line })
}

/// A value: a term, or terms joined with `||`.
fn value(cursor: &mut Cursor, depth: usize, budget: &mut Budget) -> Result<SqlValue, String> {
    let mut result = term(cursor, depth, budget)?;
    while cursor.peek() == Some(&Token::Punct('|'))
        && cursor.tokens.get(cursor.at + 1).map(|t| &t.token) == Some(&Token::Punct('|'))
    {
        cursor.at += 2;
        let right = term(cursor, depth, budget)?;
        result = match (into_text(result, budget)?, into_text(right, budget)?) {
            (Some(mut left), Some(right)) => {
                // The left text grows in place, so a long chain copies each piece once.
                within_value_limit(left.len().saturating_add(right.len()))?;
                budget.charge(right.len())?;
                left.push_str(&right);
                SqlValue::Text(left)
            }
            _ => SqlValue::Null,
        };
    }
    Ok(result)
}

fn term(cursor: &mut Cursor, depth: usize, budget: &mut Budget) -> Result<SqlValue, String> {
    if depth > MAX_VALUE_DEPTH {
        return Err("values nested too deeply".into());
    }
    let describe = cursor.describe_next();
    match cursor.next() {
        Some(Token::Text(text)) | Some(Token::Quoted(text)) => Ok(SqlValue::Text(text.clone())),
        Some(Token::Blob(bytes)) => Ok(SqlValue::Blob(bytes.clone())),
        Some(Token::Number(number)) => parse_number(number, false).ok_or_else(|| format!("the number {number}")),
        Some(Token::Punct(sign @ ('-' | '+'))) => match cursor.next() {
            Some(Token::Number(number)) => {
                parse_number(number, *sign == '-').ok_or_else(|| format!("the number {sign}{number}"))
            }
            _ => Err(format!("a lone “{sign}”")),
        },
        Some(Token::Punct('(')) => {
            let inner = value(cursor, depth + 1, budget)?;
            if cursor.eat_punct(')') {
                Ok(inner)
            } else {
                Err(format!("{} where “)” should be", cursor.describe_next()))
            }
        }
        Some(Token::Word(word)) => {
            let upper = word.to_ascii_uppercase();
            if cursor.peek() == Some(&Token::Punct('(')) {
                cursor.at += 1;
                let mut args = Vec::new();
                if !cursor.eat_punct(')') {
                    loop {
                        args.push(value(cursor, depth + 1, budget)?);
                        if cursor.eat_punct(')') {
                            break;
                        }
                        if !cursor.eat_punct(',') {
                            return Err(format!("{} in the arguments of {word}()", cursor.describe_next()));
                        }
                    }
                }
                return call(&upper, args, budget)?
                    .ok_or_else(|| format!("the function {word}() Baton does not evaluate"));
            }
            match upper.as_str() {
                "NULL" => Ok(SqlValue::Null),
                "TRUE" => Ok(SqlValue::Integer(1)),
                "FALSE" => Ok(SqlValue::Integer(0)),
                _ => Err(format!("the word “{word}” where a value should be")),
            }
        }
        _ => Err(describe),
    }
}

/// The functions dumps use to write characters a quoted string cannot hold: `Ok(None)` for one
/// Baton does not evaluate, `Err` for a result over the limits.
fn call(name: &str, args: Vec<SqlValue>, budget: &mut Budget) -> Result<Option<SqlValue>, String> {
    match (name, args.len()) {
        ("CHAR", _) => {
            let mut text = String::new();
            for arg in &args {
                let code = match arg {
                    SqlValue::Integer(code) => u32::try_from(*code).ok(),
                    _ => None,
                };
                text.push(code.and_then(char::from_u32).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            // Its text is at most 4 bytes per argument written, so it is charged once made.
            produce(text.len(), budget)?;
            Ok(Some(SqlValue::Text(text)))
        }
        ("REPLACE", 3) => {
            let mut args = args.into_iter();
            let (Some(text), Some(from), Some(to)) = (args.next(), args.next(), args.next()) else {
                return Ok(None);
            };
            let (Some(text), Some(from), Some(to)) =
                (into_text(text, budget)?, into_text(from, budget)?, into_text(to, budget)?)
            else {
                return Ok(None);
            };
            // As SQLite: an empty `from` matches nothing (a naive replace would put `to` between
            // every two characters).
            if from.is_empty() {
                return Ok(Some(SqlValue::Text(text)));
            }
            let matches = text.matches(from.as_str()).count();
            let grown = (text.len() - matches * from.len()).saturating_add(matches.saturating_mul(to.len()));
            produce(grown, budget)?;
            Ok(Some(SqlValue::Text(text.replace(&from, &to))))
        }
        ("UNISTR", 1) => match args.into_iter().next() {
            Some(SqlValue::Text(text)) => {
                let text = unistr(&text);
                // Never longer than its argument: each escape makes at most 4 bytes of 5 or more.
                produce(text.len(), budget)?;
                Ok(Some(SqlValue::Text(text)))
            }
            _ => Ok(None),
        },
        _ => Ok(None),
    }
}

/// A value as text for `||` and `replace()` (`None` for NULL). A blob read as text may grow
/// (each invalid byte becomes a 3-byte replacement character), so its text is charged.
fn into_text(value: SqlValue, budget: &mut Budget) -> Result<Option<String>, String> {
    Ok(match value {
        SqlValue::Null => None,
        SqlValue::Integer(number) => Some(number.to_string()),
        SqlValue::Real(number) => Some(number.to_string()),
        SqlValue::Text(text) => Some(text),
        SqlValue::Blob(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            produce(text.len(), budget)?;
            Some(text)
        }
    })
}

/// SQLite's `unistr()`: `\XXXX`, `\uXXXX`, `\+XXXXXX`, `\UXXXXXXXX` and `\\`.
fn unistr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find('\\') {
        out.push_str(&rest[..index]);
        rest = &rest[index + 1..];
        let (digits, skip) = match rest.chars().next() {
            Some('\\') => {
                out.push('\\');
                rest = &rest[1..];
                continue;
            }
            Some('u') => (4, 1),
            Some('+') => (6, 1),
            Some('U') => (8, 1),
            _ => (4, 0),
        };
        let code = rest.get(skip..skip + digits).and_then(|hex| u32::from_str_radix(hex, 16).ok());
        match code {
            Some(code) => {
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                rest = &rest[skip + digits..];
            }
            None => out.push('\\'),
        }
    }
    out.push_str(rest);
    out
}

fn parse_number(text: &str, negative: bool) -> Option<SqlValue> {
    let sign = if negative { "-" } else { "" };
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        let value = u64::from_str_radix(hex, 16).ok()? as i64;
        return Some(SqlValue::Integer(if negative { value.wrapping_neg() } else { value }));
    }
    if text.contains(['.', 'e', 'E']) {
        return format!("{sign}{text}").parse::<f64>().ok().map(SqlValue::Real);
    }
    match format!("{sign}{text}").parse::<i64>() {
        Ok(value) => Some(SqlValue::Integer(value)),
        // Too large for an integer: SQLite reads it as a real.
        Err(_) => format!("{sign}{text}").parse::<f64>().ok().map(SqlValue::Real),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(sql: &str) -> Vec<Vec<SqlValue>> {
        let dump = read(sql).expect("readable SQL");
        assert!(dump.skipped.is_empty(), "{:?}", dump.skipped);
        dump.inserts.into_iter().flat_map(|insert| insert.rows).collect()
    }

    #[test]
    fn quotes_semicolons_and_newlines_inside_strings() {
        let rows = values("INSERT INTO t VALUES('it''s; fine\nsecond line', 'a -- not a comment /* nor this */');");
        assert_eq!(
            rows,
            vec![vec![
                SqlValue::Text("it's; fine\nsecond line".into()),
                SqlValue::Text("a -- not a comment /* nor this */".into())
            ]]
        );
    }

    #[test]
    fn numbers_null_blobs_and_signs() {
        let rows = values("INSERT INTO t VALUES(NULL, 42, -7, +3, 0.5, -1.5e3, .25, X'00FF10', x'', 0x1F, 99999999999999999999, TRUE);");
        assert_eq!(
            rows[0],
            vec![
                SqlValue::Null,
                SqlValue::Integer(42),
                SqlValue::Integer(-7),
                SqlValue::Integer(3),
                SqlValue::Real(0.5),
                SqlValue::Real(-1500.0),
                SqlValue::Real(0.25),
                SqlValue::Blob(vec![0, 255, 16]),
                SqlValue::Blob(vec![]),
                SqlValue::Integer(31),
                SqlValue::Real(1e20),
                SqlValue::Integer(1),
            ]
        );
        assert_eq!(values("INSERT INTO t VALUES(-9223372036854775808);")[0], vec![SqlValue::Integer(i64::MIN)]);
    }

    #[test]
    fn newer_dump_forms_for_line_breaks() {
        let rows = values(
            "INSERT INTO t VALUES(replace('a\\nb','\\n',char(10)), unistr('caf\\00e9 \\u00e9\\\\'), 'x'||char(13,10)||'y', (5));",
        );
        assert_eq!(
            rows[0],
            vec![
                SqlValue::Text("a\nb".into()),
                SqlValue::Text("café é\\".into()),
                SqlValue::Text("x\r\ny".into()),
                SqlValue::Integer(5),
            ]
        );
    }

    #[test]
    fn unknown_functions_and_bad_blobs_skip_the_statement() {
        let dump =
            read("INSERT INTO t VALUES(random());\nINSERT INTO t VALUES(X'ABC');\nINSERT INTO t VALUES(1);").unwrap();
        assert_eq!(dump.inserts.len(), 1);
        assert_eq!(dump.skipped.len(), 2);
        assert_eq!(dump.skipped[0].line, 1);
        assert!(dump.skipped[0].reason.contains("random()"), "{}", dump.skipped[0].reason);
        assert_eq!(dump.skipped[1].line, 2);
        assert!(dump.skipped[1].reason.contains("X'ABC'"), "{}", dump.skipped[1].reason);
    }

    #[test]
    fn triggers_are_one_statement() {
        let dump = read(
            "CREATE TRIGGER touch AFTER UPDATE ON t BEGIN UPDATE t SET a = 1; UPDATE t SET b = 2; END;\nINSERT INTO t VALUES(1);",
        )
        .unwrap();
        assert_eq!(dump.skipped.len(), 1);
        assert_eq!(dump.skipped[0].reason, "a trigger, not needed");
        assert_eq!(dump.inserts[0].line, 2);
    }

    #[test]
    fn names_in_every_quoting() {
        let dump = read("CREATE TABLE \"my table\" ([a b] TEXT, `c` INT, \"d\"\"e\" REAL);\nINSERT INTO main.\"my table\" VALUES(1,2,3);").unwrap();
        assert_eq!(dump.tables["my table"], vec!["a b", "c", "d\"e"]);
        assert_eq!(dump.inserts[0].table, "my table");
    }

    #[test]
    fn byte_order_mark_and_comments_first() {
        assert!(starts_like_sql("\u{feff}-- made by D1\n/* note */ PRAGMA foreign_keys=OFF;"));
        assert!(!starts_like_sql("{\"format\": \"baton-export\"}"));
        assert!(!starts_like_sql("hello world;"));
        assert!(!starts_like_sql(""));
    }
}
