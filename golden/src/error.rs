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
    /// The input is too large for the format's length fields.
    TooLarge,
}

impl Error {
    /// The message without its number: what a caller that cannot format
    /// (the `no_std` executables) prints.
    pub const fn message(&self) -> &'static str {
        match self {
            Error::Truncated => "compressed data is truncated",
            Error::BadMagic => "not a Brainwire file (bad magic)",
            Error::UnknownVersion(_) => "unknown format version",
            Error::UnknownProfile(_) => "unknown codec profile",
            Error::Corrupt => "compressed data is corrupt",
            Error::ChecksumMismatch => "checksum mismatch: compressed data is corrupt",
            Error::TooLarge => "input too large for the format",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())?;
        match self {
            Error::UnknownVersion(n) | Error::UnknownProfile(n) => write!(f, " {n}"),
            _ => Ok(()),
        }
    }
}
