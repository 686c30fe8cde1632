//! The two ends of a range coder as the sample loops of `ratio` drive them:
//! `Sink` (an encoder: `Encoder`, the definition, or `FastEncoder`) and
//! `Source` (a decoder: `Decoder` or `FastDecoder`). Each codes the bins of
//! a whole sample: the definitions by `binarize::code_sample`, the fast ones
//! by `fast_bins`.

use super::arith::{BinCoder, Decoder, Encoder};
use super::binarize::{code_sample, Coded, Contexts, Situation};
use super::fast::{FastDecoder, FastEncoder};
use super::fast_bins;
use crate::Error;
use alloc::vec::Vec;

/// The encoder end of a range coder: `Encoder` (the definition) or `FastEncoder`.
pub(super) trait Sink: Sized {
    /// A new stream, with room for `capacity` bytes.
    fn start(capacity: usize) -> Self;
    /// Codes the bins of one sample.
    fn sample(&mut self, contexts: &mut Contexts, at: Situation, coded: Coded);
    /// Ends the stream: the bytes written.
    fn finish(self) -> Vec<u8>;
}

impl Sink for Encoder {
    fn start(capacity: usize) -> Self {
        Encoder::new(capacity)
    }
    #[inline(always)]
    fn sample(&mut self, contexts: &mut Contexts, at: Situation, coded: Coded) {
        // The encoder's own bins never fail.
        let _ = code_sample(self, contexts, at, coded);
    }
    fn finish(self) -> Vec<u8> {
        Encoder::finish(self)
    }
}

impl Sink for FastEncoder {
    fn start(capacity: usize) -> Self {
        FastEncoder::new(capacity)
    }
    #[inline(always)]
    fn sample(&mut self, contexts: &mut Contexts, at: Situation, coded: Coded) {
        fast_bins::encode_bins(self, contexts, at, coded)
    }
    fn finish(self) -> Vec<u8> {
        FastEncoder::finish(self)
    }
}

/// The decoder end of a range coder: `Decoder` (the definition) or `FastDecoder`.
pub(super) trait Source<'a>: BinCoder + Sized {
    /// Starts decoding `bytes`.
    fn start(bytes: &'a [u8]) -> Self;
    /// Reads the bins of one sample (by the definition, `code_sample`).
    #[inline(always)]
    fn sample(&mut self, contexts: &mut Contexts, at: Situation) -> Result<Coded, Error> {
        code_sample(self, contexts, at, Coded::Residual(0))
    }
    /// Whether a byte past the end has been needed.
    fn overrun(&self) -> bool;
    /// Ends the stream: the bytes read, or why they are not a stream.
    fn finish(self) -> Result<usize, Error>;
}

impl<'a> Source<'a> for Decoder<'a> {
    fn start(bytes: &'a [u8]) -> Self {
        Decoder::new(bytes)
    }
    fn overrun(&self) -> bool {
        Decoder::overrun(self)
    }
    fn finish(self) -> Result<usize, Error> {
        Decoder::finish(self)
    }
}

impl<'a> Source<'a> for FastDecoder<'a> {
    #[inline(always)]
    fn start(bytes: &'a [u8]) -> Self {
        FastDecoder::new(bytes)
    }
    #[inline(always)]
    fn sample(&mut self, contexts: &mut Contexts, at: Situation) -> Result<Coded, Error> {
        fast_bins::decode_bins(self, contexts, at)
    }
    #[inline(always)]
    fn overrun(&self) -> bool {
        FastDecoder::overrun(self)
    }
    #[inline(always)]
    fn finish(self) -> Result<usize, Error> {
        FastDecoder::finish(self)
    }
}
