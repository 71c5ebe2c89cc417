//! A seeded random source and the text the dataset is written in: prose in several languages,
//! markdown with lists and fenced code in five languages, file paths, titles and tags.

/// SplitMix64: tiny, fast, and good enough for test data. The same seed gives the same stream
/// on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A new stream for one part of the dataset, so that changing how much of one kind is drawn
    /// does not shift every other kind.
    pub fn fork(&self, label: &str) -> Rng {
        let mut hash = self.0 ^ 0x9E37_79B9_7F4A_7C15;
        for byte in label.bytes() {
            hash = (hash ^ byte as u64).wrapping_mul(0x0000_0100_0000_01B3);
        }
        Rng(hash)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn bytes10(&mut self) -> [u8; 10] {
        let a = self.next_u64().to_le_bytes();
        let b = self.next_u64().to_le_bytes();
        [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1]]
    }

    /// A length with a long tail: most draws near `typical`, a few several times larger.
    pub fn skewed(&mut self, typical: u64, max: u64) -> u64 {
        // Exponential with mean `typical`, capped.
        let draw = -(1.0 - self.unit()).ln() * typical as f64;
        (draw as u64).clamp(1, max)
    }
}

const SUBJECTS: &[&str] = &[
    "The importer",
    "The reconciliation job",
    "The session list",
    "The retry loop",
    "The invoice parser",
    "Our CI pipeline",
    "The cache layer",
    "The migration",
    "The OCR step",
    "The billing webhook",
    "The search index",
    "The token counter",
    "The PDF renderer",
    "The auth middleware",
    "The nightly export",
    "The queue worker",
];
const VERBS: &[&str] = &[
    "now handles",
    "still fails on",
    "was rewritten to avoid",
    "needs a test for",
    "times out on",
    "double-counts",
    "should reject",
    "rounds wrongly for",
    "reads twice",
    "keeps a lock on",
    "logs too much about",
    "silently drops",
];
const OBJECTS: &[&str] = &[
    "multi-currency totals",
    "empty CSV rows",
    "invoices with a credit note",
    "UTF-8 file names",
    "timestamps without a zone",
    "the last page of results",
    "duplicate bank lines",
    "scanned PDFs with two columns",
    "requests over 10 MB",
    "accounts without a refresh date",
    "the first run after an upgrade",
    "concurrent writers",
    "very long transcript turns",
    "a project with 500 sessions",
];
const TAILS: &[&str] = &[
    "so the totals drift by a cent.",
    "which the old code hid behind a catch-all.",
    "and the fix is a one-line change in the parser.",
    "because the index was built on the wrong field.",
    "after the refactor of last week.",
    "so we keep the old behaviour behind a flag for now.",
    "and the tests now cover it.",
    "which matches what the accountant expects.",
    "but only on the staging data.",
    "until the retry budget runs out.",
];

const FOREIGN: &[&str] = &[
    "Die Rechnungen werden jetzt pro Lieferant gruppiert, und die Summen stimmen mit dem PDF überein.",
    "Bitte prüfe noch einmal die Rundung der Cent-Beträge im letzten Stapel, dort gab es Abweichungen.",
    "Le module d'import lit désormais les fichiers UBL et refuse les montants négatifs sans avoir.",
    "Nous avons décidé de garder PostgreSQL : l'équipe le connaît et les requêtes sont vérifiées à la compilation.",
    "El analizador ya reconoce las facturas rectificativas, pero falta probar los totales en otra moneda.",
    "La tarea nocturna de conciliación tarda demasiado cuando hay más de diez mil movimientos.",
    "Импорт счетов теперь работает для CSV и XML, но округление валютных сумм всё ещё неверно.",
    "Проверь, пожалуйста, последнюю партию: там расхождения в копейках.",
    "請先檢查最後一批發票的總額，四捨五入仍然有誤差。",
    "我们决定继续使用 PostgreSQL，因为团队熟悉它，而且查询在编译时就会被检查。",
    "最後のバッチの合計をもう一度確認してください。端数処理にずれがあります。",
    "請求書のインポートは CSV と XML に対応しましたが、外貨の丸めがまだ正しくありません。",
    "마지막 배치의 합계를 다시 확인해 주세요. 반올림 오차가 있습니다.",
    "Impor faktur sekarang berjalan untuk CSV dan XML, tetapi pembulatan mata uang asing masih salah.",
    "Εισαγωγή τιμολογίων: τα σύνολα ταιριάζουν πλέον με το PDF. 🎉",
];

const RUST: &str = "pub fn match_transactions(lines: &[BankLine], open: &[Invoice]) -> Vec<Match> {\n    let mut by_amount: HashMap<i64, Vec<&Invoice>> = HashMap::new();\n    for invoice in open {\n        by_amount.entry(invoice.total_cents).or_default().push(invoice);\n    }\n    lines\n        .iter()\n        .filter_map(|line| {\n            let candidates = by_amount.get(&line.amount_cents)?;\n            let best = candidates.iter().min_by_key(|i| (i.due - line.booked).num_days().abs())?;\n            Some(Match { line: line.id, invoice: best.id })\n        })\n        .collect()\n}\n";
const PYTHON: &str = "def group_rows(glyphs, tolerance=2.5):\n    rows = []\n    for glyph in sorted(glyphs, key=lambda g: (g.y, g.x)):\n        if rows and abs(rows[-1][0].y - glyph.y) <= tolerance:\n            rows[-1].append(glyph)\n        else:\n            rows.append([glyph])\n    return [sorted(row, key=lambda g: g.x) for row in rows]\n";
const TYPESCRIPT: &str = "export async function fetchPage(cursor?: string): Promise<Page<Session>> {\n  const url = new URL('/v1/sessions', base);\n  if (cursor) url.searchParams.set('cursor', cursor);\n  const response = await fetch(url, { headers: { Accept: 'application/json' } });\n  if (!response.ok) throw new Error(`HTTP ${response.status}`);\n  return (await response.json()) as Page<Session>;\n}\n";
const SQL: &str = "SELECT s.project_id, count(*) AS sessions, sum(s.credits_used) AS credits\nFROM sessions s\nJOIN projects p ON p.id = s.project_id\nWHERE s.started_at >= now() - interval '30 days'\nGROUP BY s.project_id\nORDER BY credits DESC\nLIMIT 20;\n";
const SHELL: &str = "set -euo pipefail\ncargo test -p ledger-core -- --nocapture 2>&1 | tee target/test.log\ngrep -c 'test result: ok' target/test.log\ndocker compose run --rm api sqlx migrate run\n";
const ERROR: &str = "thread 'reconcile::tests::multi_currency' panicked at src/reconcile.rs:214:9:\nassertion `left == right` failed\n  left: 10001\n right: 10000\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

const CODE: &[(&str, &str)] =
    &[("rust", RUST), ("python", PYTHON), ("ts", TYPESCRIPT), ("sql", SQL), ("sh", SHELL), ("text", ERROR)];

const WORDS: &[&str] = &[
    "ledger",
    "invoice",
    "parser",
    "bank",
    "export",
    "queue",
    "retry",
    "cache",
    "index",
    "token",
    "budget",
    "handoff",
    "session",
    "report",
    "tests",
    "schema",
    "rounding",
    "currency",
    "OCR",
    "pipeline",
    "deploy",
    "staging",
    "webhook",
    "refactor",
    "timeout",
    "migration",
    "fixture",
    "benchmark",
    "checksum",
    "release",
];

pub const TAGS: &[&str] = &[
    "rust",
    "python",
    "typescript",
    "postgres",
    "sqlite",
    "ocr",
    "pdf",
    "billing",
    "api",
    "cli",
    "ci",
    "docker",
    "wasm",
    "leptos",
    "indexeddb",
    "testing",
    "performance",
    "security",
    "i18n",
    "accessibility",
    "csv",
    "xml",
    "auth",
    "queue",
    "search",
    "reports",
    "mobile",
    "design",
    "docs",
    "infra",
];

pub const FILES: &[&str] = &[
    "src/reconcile.rs",
    "src/ledger/mod.rs",
    "src/import/csv.rs",
    "src/import/ubl.rs",
    "src/api/routes.rs",
    "migrations/0007_reconciliations.sql",
    "tests/reconcile_multi_currency.rs",
    "web/src/pages/Sessions.tsx",
    "web/src/api/client.ts",
    "ocr/tables.py",
    "ocr/tests/test_tables.py",
    "scripts/deploy.sh",
    "docs/architecture.md",
    ".github/workflows/ci.yml",
    "Cargo.toml",
    "package.json",
];

/// Prose of `low..=high` characters.
pub fn prose_between(rng: &mut Rng, low: u64, high: u64) -> String {
    let length = rng.range(low, high) as usize;
    prose(rng, length)
}

/// Markdown of a long-tailed length around `typical` characters.
pub fn markdown_skewed(rng: &mut Rng, typical: u64, max: u64) -> String {
    let length = rng.skewed(typical, max) as usize;
    markdown(rng, length)
}

/// One sentence, English most of the time, sometimes another language.
pub fn sentence(rng: &mut Rng) -> String {
    if rng.chance(8) {
        return rng.pick(FOREIGN).to_string();
    }
    format!("{} {} {} {}", rng.pick(SUBJECTS), rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(TAILS))
}

/// Prose of about `chars` characters (whole sentences).
pub fn prose(rng: &mut Rng, chars: usize) -> String {
    let mut text = String::with_capacity(chars + 120);
    while text.len() < chars {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&sentence(rng));
    }
    text
}

/// A short title of a few words.
pub fn title(rng: &mut Rng) -> String {
    let verb = rng.pick(&["Fix", "Add", "Speed up", "Refactor", "Test", "Document", "Review", "Ship"]);
    format!("{verb} {} {}", rng.pick(WORDS), rng.pick(OBJECTS))
}

pub fn code_block(rng: &mut Rng) -> String {
    let (language, code) = rng.pick(CODE);
    format!("```{language}\n{code}```")
}

/// Markdown of about `chars` characters: paragraphs, a bullet list, and fenced code now and then.
pub fn markdown(rng: &mut Rng, chars: usize) -> String {
    let mut text = String::with_capacity(chars + 600);
    while text.len() < chars {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        match rng.below(10) {
            0..=4 => {
                let length = rng.range(80, 400) as usize;
                text.push_str(&prose(rng, length));
            }
            5 | 6 => {
                for _ in 0..rng.range(2, 5) {
                    text.push_str("- ");
                    text.push_str(&sentence(rng));
                    text.push('\n');
                }
                text.pop();
            }
            7 => {
                text.push_str("## ");
                text.push_str(&title(rng));
            }
            _ => text.push_str(&code_block(rng)),
        }
    }
    text
}

/// A chat turn: mostly short, now and then a long answer with code.
pub fn turn_content(rng: &mut Rng, assistant: bool) -> String {
    if assistant {
        let length = rng.skewed(150, 5_000) as usize;
        // Short answers are a sentence or two; longer ones have lists and code.
        if length < 300 {
            prose(rng, length)
        } else {
            markdown(rng, length)
        }
    } else if rng.chance(6) {
        format!("{}\n\n{}", sentence(rng), code_block(rng))
    } else {
        let length = rng.skewed(60, 600) as usize;
        prose(rng, length)
    }
}

pub fn tags(rng: &mut Rng, max: u64) -> Vec<String> {
    let count = rng.range(0, max);
    let mut tags: Vec<String> = Vec::new();
    for _ in 0..count {
        let tag = rng.pick(TAGS).to_string();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_stream() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(
            (0..100).map(|_| a.next_u64()).collect::<Vec<_>>(),
            (0..100).map(|_| b.next_u64()).collect::<Vec<_>>()
        );
        assert_ne!(Rng::new(7).fork("a").next_u64(), Rng::new(7).fork("b").next_u64());
    }

    #[test]
    fn draws_stay_in_range() {
        let mut rng = Rng::new(1);
        for _ in 0..10_000 {
            assert!(rng.below(7) < 7);
            let value = rng.range(3, 5);
            assert!((3..=5).contains(&value));
            assert!((1..=50).contains(&rng.skewed(10, 50)));
        }
    }

    #[test]
    fn markdown_has_the_asked_length_and_sometimes_code() {
        let mut rng = Rng::new(3);
        let texts: Vec<String> = (0..50).map(|_| markdown(&mut rng, 1_000)).collect();
        assert!(texts.iter().all(|text| text.len() >= 1_000));
        assert!(texts.iter().any(|text| text.contains("```")));
        assert!(texts.iter().any(|text| !text.is_ascii()));
    }
}
