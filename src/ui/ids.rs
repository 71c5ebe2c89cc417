//! Ids for elements that must point at each other (a label and its control, a dialog and its
//! title): unique in the page, stable for the life of the element.

use std::cell::Cell;

thread_local!(static NEXT: Cell<u32> = const { Cell::new(0) });

/// `"{prefix}-{n}"`, with `n` never repeated in this page.
pub fn unique_id(prefix: &str) -> String {
    let n = NEXT.with(|next| {
        next.set(next.get() + 1);
        next.get()
    });
    format!("{prefix}-{n}")
}
