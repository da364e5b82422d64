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
