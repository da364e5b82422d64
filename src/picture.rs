//! Pictures of a run for places that forbid frames and scripts (READMEs, Markdown sites, slides,
//! print): one SVG renderer, outside the simulator, used by the CLI and the Lab alike.
//!
//! - [`layout`]: the drawing plan of a timeline (which lanes, reduced to runs at a pixel width,
//!   GIL holders, tasks in flight), pure data shared with the Lab's own timeline; [`marks`]: how
//!   a lane's spans are reduced to pixel columns without losing any; [`axis`]: its time ticks.
//! - [`svg`]: a run as a self-contained SVG (animated with CSS inside the file, or still);
//!   [`compare`]: a bar chart of every model's speedup.
//! - [`labels`]: lane names shortened to fit a phone's label column.
//! - [`palette`]: the colours, the same as `static/style.css`; [`words`]: the run in words.
//!
//! ```
//! use concurrency_lab::engine::{self, Plan, Scenario};
//! use concurrency_lab::picture::{self, Options};
//! let out = engine::run(&Plan::new(&Scenario::default()).unwrap()).unwrap();
//! let svg = picture::svg::render(&out, &Options::default());
//! assert!(svg.starts_with("<svg") && svg.contains("<title"));
//! ```

pub mod axis;
pub mod compare;
mod frame;
pub mod labels;
pub mod layout;
pub mod marks;
pub mod palette;
pub mod svg;
pub mod timeline;
pub mod words;
pub mod xml;

pub use palette::Theme;
pub use xml::text_width;

/// How to draw a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Width in CSS pixels ([`Options::MIN_WIDTH`]–[`Options::MAX_WIDTH`]); the height follows
    /// from the content.
    pub width: u32,
    /// Colours.
    pub theme: Theme,
    /// Play the run (a cursor sweeping, lanes filling in, looping) or show all of it at once.
    pub still: bool,
    /// The Lab's address without a query, for the caption's link back to the same scenario.
    pub lab_url: String,
}

impl Options {
    /// Narrowest picture: below this the lane names leave too little room for the timeline.
    pub const MIN_WIDTH: u32 = 480;
    /// Widest picture: wider only adds bytes, as lanes are drawn in columns of 1 px or more.
    pub const MAX_WIDTH: u32 = 4000;
    /// Where `./lab serve` serves the Lab, the one address every checkout has.
    pub const LOCAL_LAB: &'static str = "http://127.0.0.1:8080/";

    /// The width, held to the allowed range.
    pub(crate) fn width(&self) -> f64 {
        f64::from(self.width.clamp(Self::MIN_WIDTH, Self::MAX_WIDTH))
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            width: 960,
            theme: Theme::Light,
            still: false,
            lab_url: Self::LOCAL_LAB.to_string(),
        }
    }
}
