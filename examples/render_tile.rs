//! Renders one basemap tile to a PNG: `cargo run --example render_tile -- Z X Y SIZE [dark] OUT.png`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: u32| a.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let key = diplomap::basemap::TileKey {
        zoom: num(0, 0) as u8,
        x: num(1, 0),
        y: num(2, 0),
    };
    let dark = a.iter().any(|s| s == "dark");
    let style = if dark {
        diplomap::basemap::Style::DARK
    } else {
        diplomap::basemap::Style::LIGHT
    };
    let out = a
        .iter()
        .find(|s| s.ends_with(".png"))
        .cloned()
        .unwrap_or_else(|| "tile.png".into());
    let pm = diplomap::basemap::render_tile(
        diplomap::basemap::World::embedded(),
        key,
        num(3, 512),
        &style,
    )
    .ok_or("empty tile")?;
    pm.save_png(&out)?;
    println!("{out}");
    Ok(())
}
