//! Writes the benchmark's datasets as Baton export files.
//!
//! ```text
//! cargo run --release -p bench-data -- [--out DIR] [--seed N] [heavy] [medium] [small]
//! ```
//!
//! Default: heavy and medium into `target/bench-data/`. For each dataset NAME it writes
//! `NAME.json` (the export), `NAME.meta.json` (counts, bytes, the project with the most sessions)
//! and, once, `schema.json` (the stores and indexes, for the benchmark's anchor page).

use bench_data::{export_text, generate, schema_json, Size, DEFAULT_SEED};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut out = PathBuf::from("target/bench-data");
    let mut seed = DEFAULT_SEED;
    let mut names = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = PathBuf::from(args.next().unwrap_or_else(|| usage("--out needs a folder"))),
            "--seed" => {
                seed = args
                    .next()
                    .and_then(|text| text.parse().ok())
                    .unwrap_or_else(|| usage("--seed needs a whole number"))
            }
            "-h" | "--help" => usage(""),
            name if Size::by_name(name).is_some() => names.push(name.to_string()),
            other => usage(&format!("unknown argument: {other}")),
        }
    }
    if names.is_empty() {
        names = vec!["heavy".into(), "medium".into()];
    }
    if let Err(error) = std::fs::create_dir_all(&out) {
        fail(&format!("cannot create {}: {error}", out.display()));
    }
    write(&out.join("schema.json"), &schema_json());
    for name in names {
        let size = Size::by_name(&name).expect("checked above");
        let start = Instant::now();
        let generated = generate(&size, seed);
        let text = export_text(&generated.dataset);
        let big_sessions =
            generated.dataset.sessions.iter().filter(|session| session.project_id == generated.big_project).count();
        let meta = serde_json::json!({
            "name": name,
            "seed": seed,
            "bytes": text.len(),
            "counts": generated.dataset.counts(),
            "records": generated.dataset.len(),
            "big_project": {
                "id": generated.big_project.to_string(),
                "name": generated.big_project_name,
                "sessions": big_sessions,
            },
        });
        write(&out.join(format!("{name}.json")), &text);
        write(&out.join(format!("{name}.meta.json")), &serde_json::to_string_pretty(&meta).expect("JSON"));
        println!(
            "bench-data: {name}: {} records, {:.1} MB, in {:.1} s → {}",
            generated.dataset.len(),
            text.len() as f64 / 1_048_576.0,
            start.elapsed().as_secs_f64(),
            out.join(format!("{name}.json")).display()
        );
    }
}

fn write(path: &std::path::Path, text: &str) {
    if let Err(error) = std::fs::write(path, text) {
        fail(&format!("cannot write {}: {error}", path.display()));
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("bench-data: {problem}");
    }
    eprintln!("usage: bench-data [--out DIR] [--seed N] [heavy] [medium] [small]");
    std::process::exit(2)
}

fn fail(message: &str) -> ! {
    eprintln!("bench-data: {message}");
    std::process::exit(1)
}
