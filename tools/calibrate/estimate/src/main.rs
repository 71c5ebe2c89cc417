//! Reads one JSON string per line on stdin and prints `estimate_tokens` of each, one per line.

use baton_core::tokens::estimate_tokens;
use std::io::{self, BufRead, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for (number, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        let text: String = serde_json::from_str(&line)
            .map_err(|error| format!("line {}: expected one JSON string per line ({error})", number + 1))?;
        writeln!(out, "{}", estimate_tokens(&text))?;
    }
    out.flush()?;
    Ok(())
}
