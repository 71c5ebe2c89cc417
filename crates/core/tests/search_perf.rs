//! The search index on the benchmark's heavy dataset (160k records): build time, memory and query
//! latency natively. Ignored by default (it needs the generated file):
//! `BATON_SEARCH_DATA=target/bench-data/heavy.json cargo test -p baton-core --release --test search_perf -- --ignored --nocapture`.

use baton_core::exchange::decode;
use baton_core::search::SearchIndex;
use std::time::Instant;

#[test]
#[ignore]
fn heavy_dataset() {
    let path = std::env::var("BATON_SEARCH_DATA").unwrap_or_else(|_| "../../target/bench-data/heavy.json".into());
    let bytes = std::fs::read(&path).expect("the heavy dataset (scripts/bench.sh generates it)");
    let records = decode(&bytes).expect("a Baton export").dataset.into_records();
    drop(bytes);
    let started = Instant::now();
    let mut index = SearchIndex::without_text();
    for record in &records {
        index.index_record(record);
    }
    index.shrink();
    let built = started.elapsed();
    println!(
        "indexed {} documents in {:.0} ms: {} terms, {} postings, ≈ {:.1} MB",
        index.len(),
        built.as_secs_f64() * 1e3,
        index.term_count(),
        index.posting_count(),
        index.approximate_bytes() as f64 / 1e6
    );
    let queries =
        ["r", "ro", "rou", "roun", "round", "roundi", "roundin", "rounding", "ledger", "invoice totals", "xqzj"];
    let rounds: usize = std::env::var("SEARCH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(1);
    for _ in 1..rounds {
        for query in queries {
            std::hint::black_box(index.find(query, 5));
        }
    }
    for query in queries {
        let mut times: Vec<f64> = (0..9)
            .map(|_| {
                let started = Instant::now();
                let found = index.find(query, 5);
                std::hint::black_box(found);
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!("  {query:>16}: median {:.2} ms, max {:.2} ms", times[4], times[8]);
    }
}
