//! Makes the application icon's PNGs from its SVG source (`scripts/make-icons.sh` runs
//! it; `tests/package.rs` checks that the committed PNGs are what it makes).
//!
//! `cargo run --example icons -- [DIR]` writes `DIR/diplomap-N.png` for every size in
//! [`SIZES`] (default DIR: `assets/icon`).

use std::path::PathBuf;
use std::process::ExitCode;

/// The sizes desktops ask for (hicolor theme), in pixels.
pub const SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("assets/icon"), PathBuf::from);
    let svg = match std::fs::read_to_string(dir.join("diplomap.svg"))
        .or_else(|_| std::fs::read_to_string("assets/icon/diplomap.svg"))
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("icons: cannot read assets/icon/diplomap.svg: {e}");
            return ExitCode::FAILURE;
        }
    };
    for size in SIZES {
        let out = dir.join(format!("diplomap-{size}.png"));
        let written = render(&svg, size).and_then(|png| {
            std::fs::write(&out, png).map_err(|e| format!("{}: {e}", out.display()))
        });
        if let Err(e) = written {
            eprintln!("icons: {e}");
            return ExitCode::FAILURE;
        }
        println!("{}", out.display());
    }
    ExitCode::SUCCESS
}

/// The icon drawn `size` pixels a side, as PNG.
pub fn render(svg: &str, size: u32) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("no pixmap of that size")?;
    let scale = size as f32 / tree.size().width();
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}
