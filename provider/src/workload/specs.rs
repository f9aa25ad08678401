//! Loaded specs shared between the RPCs of one resource instance.
//!
//! Terraform sends the same spec text to `ValidateResourceConfig` and then to
//! `PlanResourceChange` of each instance (and again to apply and read), and loading it
//! (YAML, schema, placeholder and resource checks) was a third of the provider's CPU in a
//! plan of 1,000 workloads (`docs/design/0014-hardening.md`). Loading is a pure function of
//! the text, so a result found under the exact same text can never be stale.
//!
//! The cache is small and bounded: at most [`MAX_ENTRIES`] specs and [`MAX_BYTES`] bytes of
//! spec text, specs longer than [`MAX_SPEC`] are never kept, and the oldest entry goes
//! first. Terraform plans an instance right after validating it, with at most
//! `-parallelism` (10 by default) other instances in between, so a few dozen entries
//! bridge that gap; a miss only costs the load it would have cost anyway.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use score_core::score::Workload;

use super::parse::{self, Problem};

/// Most specs kept.
pub const MAX_ENTRIES: usize = 32;

/// Most bytes of spec text kept, all entries together. A loaded workload takes about 50
/// times its text (positions, paths and parsed placeholders of every node: 29 KB for the
/// 600-byte spec of bench/terraform), so this bounds the cache to a few megabytes.
pub const MAX_BYTES: usize = 64 * 1024;

/// Longest spec kept: a larger one is loaded on every call rather than crowding out the rest.
pub const MAX_SPEC: usize = 16 * 1024;

/// What [`parse::load_spec`] returns: the workload when there is no error, and every problem.
#[derive(Debug)]
pub struct Loaded {
    /// The workload, when the spec has no error.
    pub workload: Option<Workload>,
    /// Every error and warning found.
    pub problems: Vec<Problem>,
}

/// The process's cache; every handler of `score_workload` shares it.
static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(Cache::new(MAX_ENTRIES)));

/// `spec` loaded, from the cache when the same text was loaded recently.
pub fn load(spec: &str) -> Arc<Loaded> {
    if let Some(hit) = lock().get(spec) {
        return hit;
    }
    // Loaded outside the lock: two RPCs loading different specs do not wait for each other.
    let (workload, problems) = parse::load_spec(spec);
    let loaded = Arc::new(Loaded { workload, problems });
    lock().insert(spec, Arc::clone(&loaded));
    loaded
}

/// The cache holds no invariant a panicking holder could break halfway (each method leaves
/// it consistent before returning), so a poisoned lock is used as it is.
fn lock() -> std::sync::MutexGuard<'static, Cache> {
    CACHE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Specs by their exact text, oldest first in `order`.
#[derive(Debug)]
struct Cache {
    capacity: usize,
    entries: HashMap<Arc<str>, Arc<Loaded>>,
    order: VecDeque<Arc<str>>,
    bytes: usize,
}

impl Cache {
    fn new(capacity: usize) -> Cache {
        Cache {
            capacity,
            entries: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
        }
    }

    fn get(&self, spec: &str) -> Option<Arc<Loaded>> {
        self.entries.get(spec).map(Arc::clone)
    }

    fn insert(&mut self, spec: &str, loaded: Arc<Loaded>) {
        if spec.len() > MAX_SPEC || self.entries.contains_key(spec) {
            return;
        }
        while !self.order.is_empty()
            && (self.order.len() >= self.capacity || self.bytes + spec.len() > MAX_BYTES)
        {
            self.evict_oldest();
        }
        let key: Arc<str> = Arc::from(spec);
        self.bytes += key.len();
        self.order.push_back(Arc::clone(&key));
        self.entries.insert(key, loaded);
    }

    fn evict_oldest(&mut self) {
        if let Some(key) = self.order.pop_front() {
            self.bytes -= key.len();
            self.entries.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str) -> String {
        format!(
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: {name}\ncontainers:\n  web:\n    image: nginx\n"
        )
    }

    fn loaded(text: &str) -> Arc<Loaded> {
        let (workload, problems) = parse::load_spec(text);
        Arc::new(Loaded { workload, problems })
    }

    #[test]
    fn the_same_text_is_loaded_once() {
        let text = spec("specs-cache-hit");
        let first = load(&text);
        let second = load(&text);
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(
            first.workload.as_ref().map(|w| w.name().to_owned()),
            Some("specs-cache-hit".to_owned())
        );
    }

    #[test]
    fn a_different_text_is_loaded_again() {
        let a = load(&spec("specs-cache-a"));
        let b = load(&(spec("specs-cache-a") + "# a comment\n"));
        assert!(!Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn problems_are_kept_with_the_text() {
        let text = "apiVersion: score.dev/v1b1\nmetadata: {}\n";
        let loaded = load(text);
        assert!(loaded.workload.is_none());
        assert!(!loaded.problems.is_empty());
        assert_eq!(load(text).problems, loaded.problems);
    }

    #[test]
    fn entries_are_bounded_and_the_oldest_goes_first() {
        let mut cache = Cache::new(3);
        let texts: Vec<String> = (0..5).map(|i| spec(&format!("w{i}"))).collect();
        for text in &texts {
            cache.insert(text, loaded(text));
        }
        assert_eq!(cache.entries.len(), 3);
        assert!(cache.get(&texts[0]).is_none() && cache.get(&texts[1]).is_none());
        assert!(texts[2..].iter().all(|t| cache.get(t).is_some()));
        let bytes: usize = texts[2..].iter().map(String::len).sum();
        assert_eq!(cache.bytes, bytes);
    }

    #[test]
    fn bytes_are_bounded() {
        let mut cache = Cache::new(usize::MAX);
        let padding = "#".repeat(MAX_SPEC - 200);
        for i in 0..(MAX_BYTES / MAX_SPEC + 4) {
            let text = format!("{}{padding}\n", spec(&format!("w{i}")));
            cache.insert(&text, loaded(&text));
            assert!(cache.bytes <= MAX_BYTES, "{} bytes", cache.bytes);
        }
        assert_eq!(cache.entries.len(), cache.order.len());
    }

    #[test]
    fn large_specs_are_not_kept() {
        let mut cache = Cache::new(MAX_ENTRIES);
        let text = format!("{}#{}\n", spec("big"), "x".repeat(MAX_SPEC));
        cache.insert(&text, loaded(&text));
        assert!(cache.get(&text).is_none());
        assert_eq!(cache.bytes, 0);
    }
}
