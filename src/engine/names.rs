//! Names of the engine's enums as people, URLs and files write them ("asyncio+threads",
//! "3.14t", "waiting-gil"). Each enum states its names once, in its strum attributes; this
//! module derives everything else from them: `name()`, the list of variants, parsing, and the
//! serde form, so a name can never be spelt two ways.

/// An enum whose variants have one name each.
pub trait Named:
    Copy
    + Eq
    + 'static
    + strum::VariantArray
    + strum::VariantNames
    + std::str::FromStr
    + Into<&'static str>
{
    /// The variant's name.
    fn name(self) -> &'static str {
        self.into()
    }

    /// Every variant, in declaration order.
    fn all() -> &'static [Self] {
        <Self as strum::VariantArray>::VARIANTS
    }

    /// Every variant's name, in declaration order.
    fn names() -> &'static [&'static str] {
        <Self as strum::VariantNames>::VARIANTS
    }

    /// Parses a name. A space reads as `+`: a raw `+` in a query string arrives as a space
    /// (`model=asyncio+threads` is "asyncio threads" once decoded).
    fn parse(text: &str) -> Option<Self> {
        text.trim().replace(' ', "+").parse().ok()
    }
}

impl<T> Named for T where
    T: Copy
        + Eq
        + 'static
        + strum::VariantArray
        + strum::VariantNames
        + std::str::FromStr
        + Into<&'static str>
{
}

/// Serialises the listed [`Named`] enums as their names, and reads them back with serde's own
/// "unknown variant `x`, expected one of …" error.
macro_rules! serde_by_name {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::engine::names::Named::name(*self))
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(|_| {
                    serde::de::Error::unknown_variant(
                        &text,
                        <$t as strum::VariantNames>::VARIANTS,
                    )
                })
            }
        }
    )*};
}
pub(crate) use serde_by_name;
