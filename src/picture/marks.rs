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
mod tests {
    use super::*;

    const P: char = 'P';
    const I: char = 'i';

    /// Pieces `(start, end, colour)`, '.' being idle.
    fn pieces(spec: &[(Nanos, Nanos, char)]) -> Vec<Piece<char>> {
        spec.iter()
            .map(|&(start, end, c)| Piece {
                start,
                end,
                colour: (c != '.').then_some(c),
                who: None,
            })
            .collect()
    }

    /// The colour each of `n` columns shows ('.' for none) for pieces `(start, end, colour)`,
    /// '.' being idle.
    fn columns(spec: &[(Nanos, Nanos, char)], window: Window, n: u32) -> String {
        let pieces = pieces(spec);
        let resolution = Resolution { columns: n };
        let marks = reduce(&pieces, |p| *p, window, resolution);
        let grid = Grid {
            window,
            n: u64::from(n),
        };
        (0..u64::from(n))
            .map(|i| {
                let at = grid.edge(i);
                let m = marks.iter().find(|m| m.start <= at && at < m.end);
                m.map_or('.', |m| m.colour)
            })
            .collect()
    }

    #[test]
    fn a_sliver_between_long_waits_claims_the_column_holding_its_middle() {
        // 10 ns columns: 2 ns of Python at 23..25 among waits.
        let spec = [(0, 23, I), (23, 25, P), (25, 60, I)];
        assert_eq!(columns(&spec, Window::new(0, 60), 6), "iiPiii");
        // Across an edge, it claims the side that holds its middle.
        let spec = [(0, 19, I), (19, 22, P), (22, 60, I)];
        assert_eq!(columns(&spec, Window::new(0, 60), 6), "iiPiii");
    }

    #[test]
    fn two_slivers_in_one_column_give_it_to_the_longer() {
        let spec = [(0, 21, I), (21, 22, 'k'), (22, 25, P), (25, 60, I)];
        assert_eq!(columns(&spec, Window::new(0, 60), 6), "iiPiii");
    }

    #[test]
    fn a_column_crowded_with_tiny_pieces_shows_the_dominant_colour() {
        // In each 10 ns column, nine 1 ns pieces of Python and one of waiting: no sliver may take
        // a column from the Python, whose own pieces have no other column.
        let spec: Vec<_> = (0..60)
            .map(|i| (i, i + 1, if i % 10 == 4 { I } else { P }))
            .collect();
        assert_eq!(columns(&spec, Window::new(0, 60), 6), "PPPPPP");
    }

    #[test]
    fn idle_time_never_wins_a_column_that_holds_anything_else() {
        let spec = [(0, 31, '.'), (31, 32, P), (32, 60, '.')];
        assert_eq!(columns(&spec, Window::new(0, 60), 6), "...P..");
    }

    #[test]
    fn a_column_drawn_in_less_than_half_its_time_is_faint() {
        // 10 ns columns: 4 ns of Python in the first, 6 ns in the second, all of the third.
        let pieces = pieces(&[(0, 4, P), (4, 14, '.'), (14, 20, P), (20, 30, P)]);
        let marks = reduce(
            &pieces,
            |p| *p,
            Window::new(0, 30),
            Resolution { columns: 3 },
        );
        let faint: Vec<(Nanos, bool)> = marks.iter().map(|m| (m.start, m.faint)).collect();
        assert_eq!(faint, [(0, true), (10, false)]);
    }

    #[test]
    fn a_claim_never_takes_the_last_mark_of_what_a_column_shows() {
        // A wait across columns 1 and 2, holding most of each, between two slivers of Python
        // with their middles in those columns: the first sliver claims column 1, which leaves
        // column 2 the wait's last mark, so the second sliver must go without.
        let spec = [
            (0, 14, '.'),
            (14, 15, P),
            (15, 25, I),
            (25, 26, P),
            (26, 40, '.'),
        ];
        assert_eq!(columns(&spec, Window::new(0, 40), 4), ".Pi.");
    }
}
