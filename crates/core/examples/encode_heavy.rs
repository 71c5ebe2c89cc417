//! How long `exchange::encode` takes on a large export, and how much heap it needs beyond the
//! dataset it encodes (a counting allocator tracks the peak). On demand, in release:
//!
//! ```text
//! cargo run --release -p baton-core --example encode_heavy -- target/bench-data/heavy.json
//! ```

use baton_core::exchange::{self, ExportMeta};
use sha2::{Digest, Sha256};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator; only the byte counts are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            // Counted as if old and new blocks coexisted briefly, as they do when realloc moves.
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        moved
    }
}

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: f64 = 1024.0 * 1024.0;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "target/bench-data/heavy.json".into());
    let runs: usize = std::env::args().nth(2).and_then(|text| text.parse().ok()).unwrap_or(3);
    let before = LIVE.load(Ordering::Relaxed);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    let decoded = exchange::decode(&bytes).expect("the file decodes");
    drop(bytes);
    println!("the decoded dataset holds {:.1} MB of heap", (LIVE.load(Ordering::Relaxed) - before) as f64 / MB);
    let meta = ExportMeta {
        app_version: decoded.app_version.clone(),
        exported_at: decoded.exported_at,
        scope: decoded.scope.clone(),
    };
    let dataset = decoded.dataset;
    println!("{path}: {} records", dataset.len());
    for run in 1..=runs {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let text = exchange::encode(&dataset, &meta);
        let elapsed = start.elapsed();
        let peak = PEAK.load(Ordering::Relaxed) - base;
        let digest = Sha256::digest(text.as_bytes());
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        println!(
            "run {run}: encode {:.0} ms, peak heap above the dataset {:.1} MB, output {:.1} MB, sha256 {hex}",
            elapsed.as_secs_f64() * 1000.0,
            peak as f64 / MB,
            text.len() as f64 / MB,
        );
    }
}
