//! A learner's progress: which steps are done and the best challenge scores. Stored by the
//! browser under a versioned key; anything unreadable is dropped with a notice, never trusted.

use std::collections::BTreeMap;

use miniserde::{json, Deserialize, Serialize};

/// The storage key, with the format's version in it.
pub const STORAGE_KEY: &str = "conclab.progress.v1";

/// Progress through one lesson.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonProgress {
    /// Indexes of completed steps, ascending. `u64` rather than `usize` (the same in the JSON)
    /// so that keeping them in order uses the page's one sorting routine, the engine's for times,
    /// rather than adding a second (1.5 KB of compressed wasm).
    pub done: Vec<u64>,
    /// Fewest setting changes that solved each challenge step, by step index.
    pub best: BTreeMap<usize, u32>,
}

/// Progress through every lesson, by lesson id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Format version; only 1 exists.
    pub version: u32,
    /// By lesson id.
    pub lessons: BTreeMap<String, LessonProgress>,
}

impl Progress {
    /// An empty record.
    pub fn new() -> Self {
        Self {
            version: 1,
            lessons: BTreeMap::new(),
        }
    }

    /// Reads a stored or imported record, refusing anything that is not this format (fields it
    /// does not know are passed over).
    pub fn from_json(text: &str) -> Result<Self, String> {
        let p: Progress = json::from_str(text).map_err(|_| "not a progress file".to_string())?;
        if p.version != 1 {
            return Err(format!(
                "progress format version {} is not supported",
                p.version
            ));
        }
        Ok(p)
    }

    /// The record as JSON, for storage and export.
    pub fn to_json(&self) -> String {
        json::to_string(self)
    }

    /// Marks a step done.
    pub fn complete(&mut self, lesson: &str, step: usize) {
        let l = self.lessons.entry(lesson.to_string()).or_default();
        if !l.done.contains(&(step as u64)) {
            l.done.push(step as u64);
            l.done.sort_unstable();
        }
    }

    /// Records a challenge solved in `changes` changes, keeping the best.
    pub fn score(&mut self, lesson: &str, step: usize, changes: u32) {
        self.complete(lesson, step);
        let best = self
            .lessons
            .entry(lesson.to_string())
            .or_default()
            .best
            .entry(step)
            .or_insert(changes);
        *best = (*best).min(changes);
    }

    /// Whether a step is done.
    pub fn is_done(&self, lesson: &str, step: usize) -> bool {
        self.lessons
            .get(lesson)
            .is_some_and(|l| l.done.contains(&(step as u64)))
    }

    /// How many steps of a lesson are done.
    pub fn done_count(&self, lesson: &str) -> usize {
        self.lessons.get(lesson).map_or(0, |l| l.done.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_keeps_the_best_score() {
        let mut p = Progress::new();
        p.score("the-gil", 1, 3);
        p.score("the-gil", 1, 1);
        p.score("the-gil", 1, 2);
        p.complete("the-gil", 0);
        let back = Progress::from_json(&p.to_json()).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.lessons["the-gil"].best[&1], 1);
        assert_eq!(back.done_count("the-gil"), 2);
    }

    #[test]
    fn corrupt_or_foreign_records_are_refused() {
        assert!(Progress::from_json("{not json").is_err());
        assert!(Progress::from_json(r#"{"version":2,"lessons":{}}"#).is_err());
        // A field of some other program's is passed over, not read.
        assert_eq!(
            Progress::from_json(r#"{"version":1,"lessons":{},"extra":1}"#),
            Ok(Progress::new())
        );
        assert!(
            Progress::from_json(r#"{"version":1,"lessons":{"x":{"done":"all","best":{}}}}"#)
                .is_err()
        );
    }
}
