use tiny_skia::Pixmap;

use super::*;

fn pixel(pm: &Pixmap, x: u32, y: u32) -> [u8; 3] {
    let p = pm.pixel(x, y).map(|p| p.demultiply());
    p.map_or([0, 0, 0], |c| [c.red(), c.green(), c.blue()])
}

#[test]
fn the_embedded_world_has_countries_borders_and_coasts() {
    let w = World::embedded();
    assert!(w.countries.len() > 200, "{}", w.countries.len());
    assert!(!w.borders.is_empty() && !w.coasts.is_empty());
    let spain = w
        .countries
        .iter()
        .find(|c| c.name == "Spain")
        .expect("Spain");
    let (lon, lat) = spain.label_at;
    assert!(
        (-9.0..3.0).contains(&lon) && (36.0..44.0).contains(&lat),
        "{lon} {lat}"
    );
}

#[test]
fn land_and_water_land_where_they_should() {
    let w = World::embedded();
    let pm = render_tile(
        w,
        TileKey {
            zoom: 0,
            x: 0,
            y: 0,
        },
        512,
        &Style::LIGHT,
    )
    .expect("tile");
    let project = |lon: f64, lat: f64| {
        (
            (mercator_x(lon) * 512.0) as u32,
            (mercator_y(lat) * 512.0) as u32,
        )
    };
    // The middle of the Pacific is water; the Sahara, Siberia, the Amazon and the
    // Australian outback are land.
    for (lon, lat) in [(-150.0, 0.0), (-170.0, 75.0), (0.0, -60.0)] {
        let (x, y) = project(lon, lat);
        assert_eq!(pixel(&pm, x, y), Style::LIGHT.water, "{lon} {lat}");
    }
    for (lon, lat) in [(2.0, 27.0), (100.0, 62.0), (-60.0, -8.0), (135.0, -25.0)] {
        let (x, y) = project(lon, lat);
        assert_eq!(pixel(&pm, x, y), Style::LIGHT.land, "{lon} {lat}");
    }
}

#[test]
fn land_across_the_antimeridian_is_drawn() {
    // Chukotka, Russia's land west of 180°, in a zoom-4 tile at the map's left edge.
    let w = World::embedded();
    let key = TileKey {
        zoom: 4,
        x: 0,
        y: 3,
    };
    let pm = render_tile(w, key, 512, &Style::LIGHT).expect("tile");
    let x = ((mercator_x(-176.0) * 16.0 - 0.0) * 512.0) as u32;
    let y = ((mercator_y(67.0) * 16.0 - 3.0) * 512.0) as u32;
    assert_eq!(pixel(&pm, x, y), Style::LIGHT.land);
    // And no band of land runs across the Arctic Ocean at the cut.
    let y = ((mercator_y(72.5) * 16.0 - 3.0) * 512.0) as u32;
    let x = ((mercator_x(-165.0) * 16.0) * 512.0) as u32;
    assert_eq!(pixel(&pm, x, y), Style::LIGHT.water);
}

#[test]
fn zoomed_tiles_render_and_ocean_tiles_are_plain() {
    let w = World::embedded();
    // Zoom 10 around Geneva: land, with a border nearby.
    let key = TileKey {
        zoom: 10,
        x: 529,
        y: 360,
    };
    let pm = render_tile(&World::for_zoom(10), key, 512, &Style::DARK).expect("tile");
    assert_eq!(pm.width(), 512);
    let land = (0..512)
        .step_by(16)
        .any(|x| pixel(&pm, x, 256) == Style::DARK.land);
    assert!(land);
    // Mid-Pacific at zoom 6: all water.
    let pm = render_tile(
        w,
        TileKey {
            zoom: 6,
            x: 2,
            y: 30,
        },
        256,
        &Style::DARK,
    )
    .expect("tile");
    assert!(
        (0..256)
            .step_by(32)
            .all(|x| pixel(&pm, x, x) == Style::DARK.water)
    );
}

#[test]
fn the_detailed_world_has_more_points_than_the_coarse_one() {
    let points = |w: &World| w.coasts.iter().map(|l| l.points.len()).sum::<usize>();
    let (coarse, fine) = (World::embedded(), World::detailed());
    assert!(
        points(&fine) > 3 * points(coarse),
        "{} {}",
        points(&fine),
        points(coarse)
    );
    // (By content: another test lets the detailed world go and parses it again.)
    assert_eq!(points(&World::for_zoom(10)), points(&fine));
    assert!(std::ptr::eq(&*World::for_zoom(3), coarse));
    assert!(std::ptr::eq(&*World::for_zoom(1), World::coarse()));
    assert!(World::coarse().countries.len() > 150);
}

#[test]
fn the_detailed_world_is_let_go_and_parsed_again() {
    let held = World::detailed();
    // (Another test may hold the slot a moment, and letting go never waits: try again.)
    let let_go = (0..1000).any(|_| {
        World::forget_detailed() || {
            std::thread::sleep(std::time::Duration::from_millis(1));
            false
        }
    });
    assert!(let_go);
    // What a tile being drawn holds stays whole; the next view parses it again.
    let again = World::detailed();
    assert!(!std::ptr::eq(&*held, &*again));
    assert_eq!(held.countries.len(), again.countries.len());
    assert_eq!(World::for_zoom(12).countries.len(), held.countries.len());
}

#[test]
fn labels_thin_out_at_low_zoom() {
    let w = World::embedded();
    let at2 = w.labels_at(2.0).count();
    let at5 = w.labels_at(5.0).count();
    assert!(at2 < at5, "{at2} {at5}");
    assert!(w.labels_at(2.0).any(|c| c.name == "Russia"));
    assert!(!w.labels_at(2.0).any(|c| c.name == "Luxembourg"));
}

#[test]
fn bad_topojson_is_an_error() {
    assert!(World::from_topojson("{}", "countries").is_err());
    let t = r#"{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[5]]}]}}}"#;
    assert!(matches!(
        World::from_topojson(t, "countries"),
        Err(TopoError::BadArc(5))
    ));
    assert!(matches!(
        World::from_topojson(t, "land"),
        Err(TopoError::MissingObject(_))
    ));
}

#[test]
fn tile_bounds_are_right() {
    let b = TileKey {
        zoom: 1,
        x: 1,
        y: 0,
    }
    .bounds(0.0);
    assert!((b.min_lon - 0.0).abs() < 1e-9 && (b.max_lon - 180.0).abs() < 1e-9);
    assert!((b.min_lat - 0.0).abs() < 1e-9 && b.max_lat > 85.0);
}

#[test]
fn countries_cut_into_triangles_keep_their_area_and_holes() {
    let world = World::coarse();
    let tri_area = |c: &CountryShape| {
        let (v, idx) = c.triangles();
        idx.chunks_exact(3)
            .map(|t| {
                let (a, b, c) = (v[t[0] as usize], v[t[1] as usize], v[t[2] as usize]);
                ((b.0 - a.0) * (c.1 - a.1) - (c.0 - a.0) * (b.1 - a.1)).abs() / 2.0
            })
            .sum::<f64>()
    };
    let ring_area = |r: &[Pt]| {
        r.iter()
            .map(|&p| wide(p))
            .zip(r.iter().map(|&p| wide(p)).cycle().skip(1))
            .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
            .sum::<f64>()
            .abs()
            / 2.0
    };
    let za = world
        .countries
        .iter()
        .find(|c| c.name == "South Africa")
        .expect("ZA");
    let ls = world
        .countries
        .iter()
        .find(|c| c.name == "Lesotho")
        .expect("LS");
    let outer: f64 = za
        .polygons
        .iter()
        .map(|p| ring_area(&za.rings[p.start]))
        .sum();
    let holes: f64 = za
        .polygons
        .iter()
        .flat_map(|p| p.clone().skip(1))
        .map(|k| ring_area(&za.rings[k]))
        .sum();
    assert!(holes > 0.0, "Lesotho is a hole in South Africa");
    assert!(
        (tri_area(za) - (outer - holes)).abs() < 0.01 * outer,
        "{} vs {}",
        tri_area(za),
        outer - holes
    );
    assert!((holes - tri_area(ls)).abs() < 0.05 * holes);
    // Every country with land has triangles.
    assert!(
        world
            .countries
            .iter()
            .filter(|c| !c.rings.is_empty())
            .all(|c| !c.triangles().1.is_empty())
    );
}
