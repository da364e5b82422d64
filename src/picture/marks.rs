//! A lane's stretches of time reduced to what a row of pixel columns can show, so that a picture
//! tells the truth at any zoom and width:
//!
//! - every column that any stretch touches shows one colour, never a mix that reads as another
//!   state, and never nothing: the colour that holds the column longest (what is not drawn,
//!   idle time, does not compete);
//! - every stretch leaves a mark of its own colour: one that no column shows (2 ms of Python
//!   between 200 ms waits, at 24 ms a column) claims the column that holds its middle,
//!   provided nothing that column shows loses its own last mark by it. Where
//!   many stretches share a column (a thousand 10 µs tasks) that condition fails, and the column
//!   keeps the colour that dominates it.
//!
//! - a column drawn in less than half of its time is marked faint, so that a lane busy 7 % of
//!   the time (an event loop serving 10 000 idle connections) does not read as a solid bar.
//!
//! Neighbouring stretches of the same colour for the same `who` merge into one mark, so a run of
//! a million sub-pixel stretches costs a few marks. The stretches in the window are read once,
//! then the columns once.

use crate::engine::time::Nanos;
use crate::engine::trace::Who;

use super::layout::Window;

/// A stretch of time as the reducer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<C> {
    /// Start, inclusive.
    pub start: Nanos,
    /// End, exclusive.
    pub end: Nanos,
    /// Its colour, or `None` for time that is not drawn (idle).
    pub colour: Option<C>,
    /// Whom it concerns (see [`Who`]).
    pub who: Option<Who>,
}

/// The columns a window is reduced to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolution {
    /// How many columns split the window.
    pub columns: u32,
}

/// A stretch of one colour as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark<C> {
    /// Start, inclusive.
    pub start: Nanos,
    /// End, exclusive.
    pub end: Nanos,
    /// The colour shown.
    pub colour: C,
    /// Whom it concerns, when all of its time in that colour concerns one `who`; `None` when
    /// it merges several (a thousand tiny tasks) or nobody.
    pub who: Option<Who>,
    /// Its columns are drawn in less than half of their time (see the module's notes).
    pub faint: bool,
}

/// Time in one colour within one column: how much, from when to when, and whether it all
/// concerns one `who`.
#[derive(Debug, Clone, Copy)]
struct Tally<C> {
    colour: C,
    time: Nanos,
    first: Nanos,
    last: Nanos,
    who: Option<Who>,
    mixed: bool,
}

impl<C> Tally<C> {
    /// What a column showing this tally's colour shows.
    fn shown(&self) -> Shown<C>
    where
        C: Copy,
    {
        (self.colour, if self.mixed { None } else { self.who })
    }
}

/// Tallies by colour, few (one per colour present in a column).
struct Tallies<C>(Vec<Tally<C>>);

impl<C: Copy + Eq> Tallies<C> {
    fn add(&mut self, t: Tally<C>) {
        match self.0.iter_mut().find(|o| o.colour == t.colour) {
            Some(o) => {
                o.time += t.time;
                o.first = o.first.min(t.first);
                o.last = o.last.max(t.last);
                o.mixed |= t.mixed || o.who != t.who;
            }
            None => self.0.push(t),
        }
    }

    /// The colour with the most time (the earliest on a tie).
    fn winner(&self) -> Option<Tally<C>> {
        self.0.iter().fold(None, |best, &t| match best {
            Some(b) if b.time >= t.time => Some(b),
            _ => Some(t),
        })
    }
}

/// What a column shows: a colour, and whose it is when that is one `who`.
type Shown<C> = (C, Option<Who>);

/// A piece reaching across a column's edge, clipped to the window.
type Straddler<C> = Tally<C>;

/// The columns splitting a window evenly.
#[derive(Debug, Clone, Copy)]
struct Grid {
    window: Window,
    /// How many columns.
    n: u64,
}

impl Grid {
    /// The left edge of column `i` (`edge(n)` is the window's end): see [`Window::edge`].
    fn edge(self, i: u64) -> Nanos {
        self.window.edge(i, self.n)
    }
}

/// What the first pass learns of each column: all that the second needs, so the pieces are
/// read once (a large run's spans are tens of megabytes).
struct Columns<C> {
    /// The colour holding each column longest.
    shown: Vec<Option<Shown<C>>>,
    /// Whether each column is drawn in less than half of its time.
    faint: Vec<bool>,
    /// Whether a piece lying wholly inside the column has the colour it shows: that piece has
    /// no other column, so no claim may take this one.
    crowded: Vec<bool>,
    /// Pieces lying wholly inside a column in colours it does not show: (column, their time by
    /// colour; where they are and whose, counting any piece of that colour across an edge).
    losers: Vec<(u64, Tally<C>)>,
    /// The piece reaching across each column's left edge, if any.
    cross: Vec<Option<Straddler<C>>>,
}

impl<C: Copy + Eq> Columns<C> {
    /// Ends column `c` of the first pass, given all of its time by colour. The part of it that
    /// lies in pieces wholly inside the column is what the pieces across its edges leave.
    fn finish(&mut self, grid: Grid, c: u64, all: &mut Tallies<C>) {
        if let Some(w) = all.winner() {
            self.shown[c as usize] = Some(w.shown());
            let (lo, hi) = (grid.edge(c), grid.edge(c + 1));
            let drawn: Nanos = all.0.iter().map(|t| t.time).sum();
            self.faint[c as usize] = 2 * drawn < hi - lo;
            let left = self.cross[c as usize].map(|s| (s.colour, s.last.min(hi) - lo));
            let right = self.cross[c as usize + 1].map(|s| (s.colour, hi - s.first.max(lo)));
            for t in &all.0 {
                let across =
                    |edge: Option<(C, Nanos)>| edge.filter(|e| e.0 == t.colour).map_or(0, |e| e.1);
                let inside = t.time.saturating_sub(across(left) + across(right));
                if inside == 0 {
                    continue;
                }
                if t.colour == w.colour {
                    self.crowded[c as usize] = true;
                } else {
                    self.losers.push((c, Tally { time: inside, ..*t }));
                }
            }
        }
        all.0.clear();
    }

    fn shows(&self, c: u64, colour: C) -> bool {
        self.shown
            .get(c as usize)
            .is_some_and(|s| s.is_some_and(|s| s.0 == colour))
    }

    /// The second pass: in each column, the pieces no column of their own shows (lying inside
    /// it, or reaching across an edge with their middle in it) claim it for the colour with the
    /// most time among them, unless a piece of the colour it shows would lose its last mark.
    fn claim(&mut self, grid: Grid) {
        let mut next = 0;
        let mut lost = Tallies(Vec::new());
        for c in 0..grid.n {
            lost.0.clear();
            while let Some(&(_, t)) = self.losers.get(next).filter(|l| l.0 == c) {
                lost.add(t);
                next += 1;
            }
            // The pieces across the left and the right edge, with the column on their other
            // side (nothing crosses the window's own left edge, so column 0 has no left one).
            let edges = [
                (self.cross[c as usize], c.saturating_sub(1)),
                (self.cross[c as usize + 1], c + 1),
            ];
            for &(s, other) in &edges {
                let Some(s) = s else { continue };
                let middle = s.first + (s.last - s.first) / 2;
                let at_home = grid.edge(c) <= middle && middle < grid.edge(c + 1);
                if at_home && !self.shows(c, s.colour) && !self.shows(other, s.colour) {
                    lost.add(s);
                }
            }
            let (Some(w), Some((now, _))) = (lost.winner(), self.shown[c as usize]) else {
                continue;
            };
            let keeps_a_mark = |(s, other): &(Option<Straddler<C>>, u64)| {
                s.is_none_or(|s| s.colour != now || self.shows(*other, now))
            };
            if !self.crowded[c as usize] && edges.iter().all(keeps_a_mark) {
                self.shown[c as usize] = Some(w.shown());
            }
        }
    }
}

/// A walk along the columns, forward only, so that finding a piece's columns costs nothing
/// beyond the walk itself.
struct Cursor {
    grid: Grid,
    column: u64,
    lo: Nanos,
    hi: Nanos,
}

impl Cursor {
    fn new(grid: Grid) -> Cursor {
        Cursor {
            grid,
            column: 0,
            lo: grid.edge(0),
            hi: grid.edge(1),
        }
    }

    /// Moves to the next column.
    fn advance(&mut self) {
        self.column += 1;
        self.lo = self.hi;
        self.hi = self.grid.edge(self.column + 1);
    }
}

/// `items` (in time order, not overlapping) over `window`, reduced to marks at `resolution` as
/// the module explains. `piece` reads one item as a [`Piece`].
pub fn reduce<T, C: Copy + Eq>(
    items: &[T],
    piece: impl Fn(&T) -> Piece<C>,
    window: Window,
    resolution: Resolution,
) -> Vec<Mark<C>> {
    // A column narrower than a nanosecond would be empty: never more columns than nanoseconds.
    let n = u64::from(resolution.columns.max(1)).min(window.duration());
    let grid = Grid { window, n };
    let first = items.partition_point(|t| piece(t).end <= window.start);
    let last = first + items[first..].partition_point(|t| piece(t).start < window.end);
    let mut cols = Columns {
        shown: vec![None; n as usize],
        faint: vec![false; n as usize],
        crowded: vec![false; n as usize],
        losers: Vec::new(),
        cross: vec![None; n as usize + 1],
    };
    let mut all = Tallies(Vec::new());
    let mut cur = Cursor::new(grid);
    for p in items[first..last].iter().map(&piece) {
        let (a, b) = (p.start.max(window.start), p.end.min(window.end));
        let Some(colour) = p.colour.filter(|_| a < b) else {
            continue;
        };
        while a >= cur.hi {
            cols.finish(grid, cur.column, &mut all);
            cur.advance();
        }
        let whole = Tally {
            colour,
            time: b - a,
            first: a,
            last: b,
            who: p.who,
            mixed: false,
        };
        if b <= cur.hi {
            all.add(whole);
            continue;
        }
        loop {
            let (from, to) = (a.max(cur.lo), b.min(cur.hi));
            all.add(Tally {
                time: to - from,
                first: from,
                last: to,
                ..whole
            });
            if b <= cur.hi {
                break;
            }
            cols.cross[cur.column as usize + 1] = Some(whole);
            cols.finish(grid, cur.column, &mut all);
            cur.advance();
        }
    }
    cols.finish(grid, cur.column, &mut all);
    cols.claim(grid);

    let mut out: Vec<Mark<C>> = Vec::new();
    for ((c, s), faint) in (0..n).zip(cols.shown).zip(cols.faint) {
        let Some((colour, who)) = s else { continue };
        let (start, end) = (grid.edge(c), grid.edge(c + 1));
        match out.last_mut() {
            Some(m) if m.end == start && m.colour == colour && m.who == who && m.faint == faint => {
                m.end = end
            }
            _ => out.push(Mark {
                start,
                end,
                colour,
                who,
                faint,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests;
