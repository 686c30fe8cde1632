//! A synthetic sample stream for the Verilog simulations.

use golden::grid::code_to_sample;

/// Smooth stretches, random codes (escapes) and off-grid values.
pub fn stimulus(len: usize) -> Vec<i16> {
    let mut x: u64 = 12345;
    let mut code: i32 = 500;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = (x >> 33) as u32;
            match r % 50 {
                0..=2 => (r >> 8) as i16,
                3..=4 => code_to_sample((r >> 8) % 1024),
                _ => {
                    code = (code + ((r >> 8) % 7) as i32 - 3).clamp(0, 1023);
                    code_to_sample(code as u32)
                }
            }
        })
        .collect()
}
