//! What a setting's value may be: its kind and allowed range, reading it from text, checking it,
//! and writing it back as text that reads to the same value.

use super::groups;
use crate::engine::names::Named;
use crate::engine::scenario::{ScenarioError, TaskGroup};
use crate::engine::{IoKind, ModelKind, PyVersion, StartMethod};

/// What kind of value a setting takes, with its allowed range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A whole number from `min` to `max`.
    Whole {
        /// Smallest allowed.
        min: u64,
        /// Largest allowed.
        max: u64,
    },
    /// A number from `min` to `max`.
    Number {
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
    /// True or false (`1`/`0`, `yes`/`no`, `on`/`off` too; an empty value is true).
    Switch,
    /// One of these names.
    Choice(&'static [&'static str]),
    /// Task groups in their one-line form (see [`groups`]).
    Groups,
    /// A name for people: 1 to 40 letters, digits, spaces, `-`, `_` or `.`, not starting or
    /// ending with a space.
    Label,
    /// Up to four (`MAX_NAMES`) different names for people (each as a [`Kind::Label`]), in order,
    /// separated by `,`; none is an empty text.
    Names,
}

/// A setting's value, as read or as found in a scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Not set: the library's default applies (only for optional settings).
    Unset,
    /// A whole number.
    Whole(u64),
    /// A number.
    Number(f64),
    /// True or false.
    Switch(bool),
    /// One of a [`Kind::Choice`]'s names.
    Choice(&'static str),
    /// Task groups.
    Groups(Vec<TaskGroup>),
    /// A name for people.
    Label(String),
    /// Names for people, in order.
    Names(Vec<String>),
}

/// Keeps error messages one line long whatever a stranger typed.
pub(crate) fn shorten(value: &str) -> String {
    let clean: String = value.chars().filter(|c| !c.is_control()).take(40).collect();
    if value.chars().count() > 40 {
        format!("{clean}…")
    } else {
        clean
    }
}

/// Reads a switch: `1`, `true`, `yes`, `on` or nothing (a bare flag) is true; `0`, `false`,
/// `no`, `off` false. The one reader of true and false, for settings and page options alike.
pub fn switch(text: &str) -> Option<bool> {
    match text.trim() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The longest name for people.
const MAX_LABEL: usize = 40;

/// The most names a [`Kind::Names`] value holds (locks nested in one task).
pub const MAX_NAMES: usize = 4;

/// Whether `name` is a name for people (see [`Kind::Label`]).
fn is_label(name: &str) -> bool {
    let allowed = |c: char| c.is_alphanumeric() || " -_.".contains(c);
    !name.is_empty()
        && name.trim() == name
        && name.chars().count() <= MAX_LABEL
        && name.chars().all(allowed)
}

impl Kind {
    /// Reads `text` as a value of this kind for setting `key` (an empty text is [`Value::Unset`]
    /// when the setting is `optional`), and checks its range.
    pub fn parse(self, key: &str, text: &str, optional: bool) -> Result<Value, ScenarioError> {
        let t = text.trim();
        let err = |what: &str| {
            ScenarioError::new(key, format!("must be {what} (got '{}')", shorten(text)))
        };
        let value = match self {
            _ if optional && t.is_empty() => Value::Unset,
            Kind::Whole { .. } => Value::Whole(t.parse().map_err(|_| err("a whole number"))?),
            Kind::Number { .. } => match t.parse::<f64>() {
                Ok(x) if x.is_finite() => Value::Number(x),
                _ => return Err(err("a number")),
            },
            Kind::Switch => Value::Switch(switch(t).ok_or_else(|| err("true or false"))?),
            // A raw `+` in a query string arrives as a space.
            Kind::Choice(names) => {
                let wanted = t.replace(' ', "+");
                match names.iter().find(|n| **n == wanted) {
                    Some(n) => Value::Choice(n),
                    None => return Err(err(&format!("one of {}", names.join(", ")))),
                }
            }
            Kind::Groups => Value::Groups(groups::parse(text)?),
            Kind::Label => Value::Label(text.to_string()),
            Kind::Names if t.is_empty() => Value::Names(Vec::new()),
            Kind::Names => Value::Names(t.split(',').map(|n| n.trim().to_string()).collect()),
        };
        self.check(key, &value)?;
        Ok(value)
    }

    /// Checks that `value` is within this kind's range, naming `key` if not.
    pub fn check(self, key: &str, value: &Value) -> Result<(), ScenarioError> {
        let ok = match (self, value) {
            (_, Value::Unset) => true,
            (Kind::Whole { min, max }, Value::Whole(n)) => (min..=max).contains(n),
            (Kind::Number { min, max }, Value::Number(x)) => {
                x.is_finite() && (min..=max).contains(x)
            }
            (Kind::Switch, Value::Switch(_)) | (Kind::Choice(_), Value::Choice(_)) => true,
            (Kind::Groups, Value::Groups(g)) => return groups::check(g),
            (Kind::Label, Value::Label(name)) => is_label(name),
            (Kind::Names, Value::Names(names)) => {
                let repeated = names
                    .iter()
                    .enumerate()
                    .any(|(i, n)| names[..i].contains(n));
                names.len() <= MAX_NAMES && names.iter().all(|n| is_label(n)) && !repeated
            }
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(ScenarioError::new(key, self.must_be(value)))
        }
    }

    /// "must be …" for an out-of-range value.
    fn must_be(self, value: &Value) -> String {
        let got = value.to_text().unwrap_or_default();
        match self {
            Kind::Whole { min, max } => {
                format!("must be a whole number from {min} to {max} (got {got})")
            }
            Kind::Number { min, max } => {
                format!("must be a number from {min} to {max} (got {got})")
            }
            Kind::Label => format!(
                "must be 1 to {MAX_LABEL} letters, digits, spaces, '-', '_' or '.' (got '{}')",
                shorten(&got)
            ),
            Kind::Names => format!(
                "must be up to {MAX_NAMES} different names separated by ',', each 1 to \
                 {MAX_LABEL} letters, digits, spaces, '-', '_' or '.' (got '{}')",
                shorten(&got)
            ),
            Kind::Switch => "must be true or false".into(),
            Kind::Choice(names) => format!("must be one of {}", names.join(", ")),
            Kind::Groups => "must be task groups".into(),
        }
    }

    /// The allowed values in a few words, for usage text and docs: "1–256", "0–1", "fork, spawn".
    pub fn range(self) -> String {
        match self {
            Kind::Whole { min, max } if max == u64::MAX => format!("{min} or more"),
            Kind::Whole { min, max } => format!("{min}–{max}"),
            Kind::Number { min, max } => format!("{min}–{max}"),
            Kind::Switch => "true, false".into(),
            Kind::Choice(names) => names.join(", "),
            Kind::Groups => groups::FORM.into(),
            Kind::Label => format!("1–{MAX_LABEL} letters, digits, ' -_.'"),
            Kind::Names => format!("up to {MAX_NAMES} names separated by ','"),
        }
    }
}

impl Value {
    /// The value as text that [`Kind::parse`] reads back to the same value; `None` when unset.
    pub fn to_text(&self) -> Option<String> {
        Some(match self {
            Value::Unset => return None,
            Value::Whole(n) => n.to_string(),
            Value::Number(x) => x.to_string(),
            Value::Switch(b) => b.to_string(),
            Value::Choice(name) => name.to_string(),
            Value::Groups(g) => groups::format(g),
            Value::Label(name) => name.clone(),
            Value::Names(names) => names.join(","),
        })
    }

    /// The value as a number, for challenge conditions (`None` when not a number).
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Whole(n) => Some(*n as f64),
            Value::Number(x) => Some(*x),
            Value::Switch(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }
}

/// A scenario field's type, as a setting's [`Value`]. Values reach a field only after
/// [`Kind::parse`] or [`Kind::check`] accepted them for that field's kind, so the conversion
/// back never meets a value of another kind or out of range.
pub trait Field: Sized {
    /// The field's value.
    fn to_value(&self) -> Value;
    /// The field from a checked value.
    fn from_value(v: Value) -> Self;
}

impl Field for u64 {
    fn to_value(&self) -> Value {
        Value::Whole(*self)
    }
    fn from_value(v: Value) -> Self {
        match v {
            Value::Whole(n) => n,
            _ => 0,
        }
    }
}

impl Field for u32 {
    fn to_value(&self) -> Value {
        Value::Whole((*self).into())
    }
    fn from_value(v: Value) -> Self {
        u32::try_from(u64::from_value(v)).unwrap_or(u32::MAX)
    }
}

impl Field for f64 {
    fn to_value(&self) -> Value {
        Value::Number(*self)
    }
    fn from_value(v: Value) -> Self {
        match v {
            Value::Number(x) => x,
            _ => 0.0,
        }
    }
}

impl Field for bool {
    fn to_value(&self) -> Value {
        Value::Switch(*self)
    }
    fn from_value(v: Value) -> Self {
        matches!(v, Value::Switch(true))
    }
}

impl Field for String {
    fn to_value(&self) -> Value {
        Value::Label(self.clone())
    }
    fn from_value(v: Value) -> Self {
        match v {
            Value::Label(s) => s,
            _ => String::new(),
        }
    }
}

impl Field for Vec<String> {
    fn to_value(&self) -> Value {
        Value::Names(self.clone())
    }
    fn from_value(v: Value) -> Self {
        match v {
            Value::Names(names) => names,
            _ => Vec::new(),
        }
    }
}

impl Field for Vec<TaskGroup> {
    fn to_value(&self) -> Value {
        Value::Groups(self.clone())
    }
    fn from_value(v: Value) -> Self {
        match v {
            Value::Groups(g) => g,
            _ => Vec::new(),
        }
    }
}

/// Enums are chosen by name.
macro_rules! named_field {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn to_value(&self) -> Value {
                Value::Choice(self.name())
            }
            fn from_value(v: Value) -> Self {
                match v {
                    Value::Choice(name) => Named::parse(name).unwrap_or(Self::all()[0]),
                    _ => Self::all()[0],
                }
            }
        }
    )*};
}
named_field!(ModelKind, PyVersion, StartMethod, IoKind);

/// An optional field is unset when `None`.
impl<T: Field> Field for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Unset, T::to_value)
    }
    fn from_value(v: Value) -> Self {
        match v {
            Value::Unset => None,
            v => Some(T::from_value(v)),
        }
    }
}
