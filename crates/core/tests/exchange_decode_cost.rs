//! What decoding a large export costs: peak heap and time, measured with a counting allocator.
//! Ignored by default (it builds a file of tens of megabytes):
//! `cargo test -p baton-core --test exchange_decode_cost -- --ignored --nocapture`.

mod exchange_support;

use baton_core::exchange::{self, ExportMeta, Scope};
use baton_core::Timestamp;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

#[test]
#[ignore]
fn decode_cost_of_a_large_export() {
    let dataset = exchange_support::dataset(11, 40_000);
    let meta = ExportMeta {
        app_version: "0.1.0".into(),
        exported_at: Timestamp::parse("2026-11-26T10:00:00Z").unwrap(),
        scope: Scope::Full,
    };
    let document = exchange::encode(&dataset, &meta);
    drop(dataset);
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let started = Instant::now();
    let decoded = exchange::decode(document.as_bytes()).expect("a Baton export decodes");
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let kept = CURRENT.load(Ordering::Relaxed) - base;
    println!(
        "decode of {} ({} records): {:.2} s, peak heap above the file {} ({:.1}× the file), the dataset keeps {}",
        megabytes(document.len()),
        decoded.dataset.len(),
        elapsed.as_secs_f64(),
        megabytes(peak),
        peak as f64 / document.len() as f64,
        megabytes(kept)
    );
}

#[test]
#[ignore]
fn decode_cost_of_a_file_of_tiny_values() {
    // 200 MB of `0,`: parsed whole, 100 million values of 32 bytes each, several gigabytes.
    let mut text = String::with_capacity(exchange::MAX_IMPORT_BYTES);
    text.push('[');
    while text.len() + 4 <= exchange::MAX_IMPORT_BYTES {
        text.push_str("0,");
    }
    text.push_str("0]");
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let started = Instant::now();
    let error = exchange::detect(text.as_bytes()).unwrap_err();
    println!(
        "{} of tiny values: refused in {:.2} s, peak heap above the file {}: {error}",
        megabytes(text.len()),
        started.elapsed().as_secs_f64(),
        megabytes(PEAK.load(Ordering::Relaxed) - base)
    );
    assert!(matches!(error, exchange::DecodeError::TooManyValues { .. }));
}
