//! The Z-order (Morton) curve over Web Mercator positions in 32-bit fixed point.

use super::*;

/// Interleaves the bits of x and y (x in the even bits).
pub(super) fn morton(x: u32, y: u32) -> u64 {
    fn spread(v: u32) -> u64 {
        let mut v = u64::from(v);
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333_3333_3333;
        v = (v | (v << 1)) & 0x5555_5555_5555_5555;
        v
    }
    spread(x) | (spread(y) << 1)
}

pub(super) fn unmorton(code: u64) -> (u32, u32) {
    fn squash(mut v: u64) -> u32 {
        v &= 0x5555_5555_5555_5555;
        v = (v | (v >> 1)) & 0x3333_3333_3333_3333;
        v = (v | (v >> 2)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v >> 4)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v >> 16)) & 0x0000_0000_FFFF_FFFF;
        // Every other bit of a 64-bit code: at most 32 bits.
        u32::try_from(v).unwrap_or(u32::MAX)
    }
    (squash(code), squash(code >> 1))
}

pub(super) const SCALE: f64 = 4_294_967_296.0; // 2^32

pub(super) fn to_fixed(v: f64) -> u32 {
    let v = (v * SCALE).floor();
    if v.is_nan() || v <= 0.0 {
        0
    } else if v >= SCALE - 1.0 {
        u32::MAX
    } else {
        v as u32
    }
}

/// A mission's position on the Morton curve.
pub(super) fn code_of(m: &Mission) -> u64 {
    morton(to_fixed(mercator_x(m.lon())), to_fixed(mercator_y(m.lat())))
}
