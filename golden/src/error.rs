//! The one error type of the codec.

use core::fmt;

/// Everything that can go wrong decoding a container or payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The data ends before the stream does.
    Truncated,
    /// The data does not start with the Brainwire magic.
    BadMagic,
    /// The container names a format version this build does not know.
    UnknownVersion(u8),
    /// The container names a profile this build does not know.
    UnknownProfile(u8),
    /// A field holds a value the format does not allow.
    Corrupt,
    /// The decoded data does not match the stored checksum.
    ChecksumMismatch,
    /// Bytes follow the end of the stream.
    TrailingData,
    /// The input is too large for the format's length fields.
    TooLarge,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Truncated => write!(f, "compressed data is truncated"),
            Error::BadMagic => write!(f, "not a Brainwire file (bad magic)"),
            Error::UnknownVersion(v) => write!(f, "unknown format version {v}"),
            Error::UnknownProfile(p) => write!(f, "unknown codec profile {p}"),
            Error::Corrupt => write!(f, "compressed data is corrupt"),
            Error::ChecksumMismatch => write!(f, "checksum mismatch: compressed data is corrupt"),
            Error::TrailingData => write!(f, "unexpected bytes after the end of the stream"),
            Error::TooLarge => write!(f, "input too large for the format"),
        }
    }
}
