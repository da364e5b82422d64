//! The event queue: events ordered by time, ties broken by insertion order.
//!
//! Breaking ties by a sequence number (FIFO) rather than by the event's contents is what makes a
//! heap-based simulator deterministic: two events at the same nanosecond always run in the order
//! they were scheduled.
//!
//! Most events are scheduled just ahead of now (a thread's current segment ends in microseconds)
//! while thousands of I/O timers wait seconds ahead. A one-entry front slot, always holding an
//! event no later than anything in the heap, serves the near ones without a heap operation; the
//! order is exactly that of a plain heap.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::time::Nanos;

/// A min-queue of `E` keyed by `(time, sequence)`.
#[derive(Debug)]
pub struct EventQueue<E> {
    /// An entry no later than any in `heap`, when there is one.
    front: Option<Entry<E>>,
    heap: BinaryHeap<Reverse<Entry<E>>>,
    seq: u32,
}

/// 32-bit sequence numbers keep entries small (the heap moves them on every push and pop); a
/// run stops at [`MAX_EVENTS`](super::MAX_EVENTS), far below 2³² pushes.
#[derive(Debug)]
struct Entry<E> {
    at: Nanos,
    seq: u32,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self {
            front: None,
            heap: BinaryHeap::new(),
            seq: 0,
        }
    }
}

impl<E> EventQueue<E> {
    /// Schedules `event` at time `at`.
    pub fn push(&mut self, at: Nanos, event: E) {
        self.seq += 1;
        let entry = Entry {
            at,
            seq: self.seq,
            event,
        };
        // Keep the earlier of the two in front; the front is never later than the heap.
        let (first, rest) = match self.front.take() {
            Some(front) if front < entry => (front, Some(entry)),
            Some(front) => (entry, Some(front)),
            None if self.heap.peek().is_none_or(|Reverse(min)| entry < *min) => (entry, None),
            None => {
                self.heap.push(Reverse(entry));
                return;
            }
        };
        self.front = Some(first);
        if let Some(rest) = rest {
            self.heap.push(Reverse(rest));
        }
    }

    /// How many events are pending.
    pub fn len(&self) -> usize {
        self.heap.len() + usize::from(self.front.is_some())
    }

    /// Removes and returns the earliest event (first scheduled among equal times).
    pub fn pop(&mut self) -> Option<(Nanos, E)> {
        let entry = match self.front.take() {
            Some(front) => front,
            None => self.heap.pop()?.0,
        };
        Some((entry.at, entry.event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_times_pop_in_insertion_order() {
        let mut q = EventQueue::default();
        q.push(5, 'b');
        q.push(1, 'a');
        q.push(5, 'c');
        q.push(5, 'd');
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['a', 'b', 'c', 'd']);
    }

    #[test]
    fn pops_in_the_same_order_as_a_plain_heap_under_mixed_pushes_and_pops() {
        // A deterministic pseudo-random mix of pushes and pops, checked against a plain heap.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut q = EventQueue::default();
        let mut reference = BinaryHeap::new();
        let (mut now, mut seq) = (0u64, 0u64);
        for i in 0..20_000u64 {
            if next() % 3 != 0 {
                let at = now + next() % if next() % 2 == 0 { 10 } else { 10_000 };
                seq += 1;
                q.push(at, i);
                reference.push(Reverse((at, seq, i)));
            } else {
                let got = q.pop();
                let want = reference.pop().map(|Reverse((at, _, i))| (at, i));
                assert_eq!(got, want);
                if let Some((at, _)) = got {
                    now = at;
                }
            }
        }
        while let Some(Reverse((at, _, i))) = reference.pop() {
            assert_eq!(q.pop(), Some((at, i)));
        }
        assert_eq!(q.pop(), None);
    }
}
