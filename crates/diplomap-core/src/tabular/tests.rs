use super::*;

fn read_ok(text: &str) -> Dataset {
    let geo = Geocoder::embedded().expect("geocoder");
    let (ds, problems) = read("t.csv", text, &geo, "Unknown");
    assert!(problems.is_empty(), "{problems:?}");
    ds
}

#[test]
fn a_spreadsheet_csv_with_bom_crlf_semicolons_and_decimal_commas() {
    let ds = read_ok(
        "\u{feff}Country;City;Type;Latitude;Longitude;Year opened;Sender\r\nAustria;Vienna;embassy;48,2018;16,3738;1990;Afghanistan\r\nSpain;Madrid;Consulate General;;;2001-05-01;Chile\r\n",
    );
    let [vienna, madrid] = &ds.missions[..] else {
        panic!("two rows")
    };
    assert_eq!(
        (&*vienna.country_code, vienna.precision),
        ("AT", Precision::Building)
    );
    assert!((vienna.lat() - 48.2018).abs() < 1e-9 && (vienna.lon() - 16.3738).abs() < 1e-9);
    assert_eq!(
        (vienna.opened, &*vienna.sending_state),
        (Some(1990), "Afghanistan")
    );
    assert_eq!(
        (madrid.kind, madrid.precision),
        (MissionKind::ConsulateGeneral, Precision::City)
    );
    assert_eq!(madrid.opened, Some(2001));
}

#[test]
fn a_wikidata_query_csv_with_a_wkt_point_and_a_tsv() {
    let ds = read_ok(
        "item,countryLabel,cityLabel,coord,typeLabel,inception\nQ1,Japan,Tokyo,Point(139.69 35.69),de facto embassy,1955-01-01T00:00:00Z\n",
    );
    let m = &ds.missions[0];
    assert_eq!(
        (m.id.as_str(), m.kind, m.opened),
        ("Q1", MissionKind::DeFactoEmbassy, Some(1955))
    );
    assert!((m.lon() - 139.69).abs() < 1e-9);
    let ds = read_ok("host\tcity\tclosed\nFrance\tParis\t1999\nPeru\tLima\tunknown\n");
    assert_eq!(ds.missions[0].closure, Closure::InYear(1999));
    assert_eq!(ds.missions[1].closure, Closure::YearUnknown);
    assert_eq!(
        ds.missions[0].kind,
        MissionKind::Embassy,
        "no type column: embassies"
    );
}

#[test]
fn bad_rows_name_file_line_and_column() {
    let geo = Geocoder::embedded().expect("geocoder");
    let (ds, problems) = read(
        "t.csv",
        "country,city,lat,lon,closed\nAtlantis,X,1,2,\nSpain,Madrid,95,1,\nSpain,Nowhere,,,\nSpain,Madrid,,,soon\nSpain,Madrid,,,\n",
        &geo,
        "Unknown",
    );
    let p: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(ds.missions.len(), 1, "{p:?}");
    assert_eq!(p.len(), 4, "{p:?}");
    assert!(
        p[0].starts_with("t.csv:2: field \"country\": unknown country \"Atlantis\""),
        "{p:?}"
    );
    assert!(p[1].starts_with("t.csv:3: field \"lat\""), "{p:?}");
    assert!(p[2].starts_with("t.csv:4: field \"city\""), "{p:?}");
    assert!(p[3].starts_with("t.csv:5: field \"closed\""), "{p:?}");
    let (_, problems) = read("t.csv", "name,lat,lon\nx,1,2\n", &geo, "Unknown");
    assert!(
        problems[0]
            .to_string()
            .contains("no column for the host country"),
        "{problems:?}"
    );
}

#[test]
fn our_own_csv_export_opens_again() {
    let ds = crate::data::Builtin::NorthKorea.load().expect("data");
    let missions: Vec<&Mission> = ds.missions.iter().collect();
    let mut out = Vec::new();
    crate::export::write_csv(&missions, None, &mut out).expect("csv");
    let again = read_ok(&String::from_utf8(out).expect("utf8"));
    assert_eq!(again.missions.len(), ds.missions.len());
    for (a, b) in ds.missions.iter().zip(&again.missions) {
        assert_eq!(
            (&a.id, &a.country_code, &a.city, a.kind, a.closure, a.opened),
            (&b.id, &b.country_code, &b.city, b.kind, b.closure, b.opened)
        );
        assert!(
            (a.lat() - b.lat()).abs() < 1e-5 && (a.lon() - b.lon()).abs() < 1e-5,
            "{}",
            a.id
        );
    }
}

#[test]
fn our_own_geojson_export_opens_again_and_other_shapes_are_named() {
    let ds = crate::data::Builtin::NorthKorea.load().expect("data");
    let missions: Vec<&Mission> = ds.missions.iter().collect();
    let mut out = Vec::new();
    crate::export::write_geojson(&missions, None, &mut out).expect("geojson");
    let geo = Geocoder::embedded().expect("geocoder");
    let (again, problems) = read_geojson(
        "t.geojson",
        &String::from_utf8(out).expect("utf8"),
        &geo,
        "Unknown",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(again.missions.len(), ds.missions.len());
    for (a, b) in ds.missions.iter().zip(&again.missions) {
        assert_eq!(
            (
                &a.id,
                &a.sending_state,
                &a.country_code,
                &a.city,
                a.kind,
                a.closure,
                a.opened
            ),
            (
                &b.id,
                &b.sending_state,
                &b.country_code,
                &b.city,
                b.kind,
                b.closure,
                b.opened
            )
        );
        assert!((a.lat() - b.lat()).abs() < 1e-9 && (a.lon() - b.lon()).abs() < 1e-9);
    }
    // QGIS writes a "crs" member; a line is no place for a mission.
    let qgis = r#"{"type": "FeatureCollection", "name": "posts", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
          "features": [
            {"type": "Feature", "properties": {"Country": "Austria", "City": "Vienna", "Type": "Embassy"}, "geometry": {"type": "Point", "coordinates": [16.3738, 48.2018]}},
            {"type": "Feature", "properties": {"Country": "Spain"}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}},
            {"type": "Feature", "properties": {"Country": "Atlantis", "City": "X"}, "geometry": null}
          ]}"#;
    let (ds, problems) = read_geojson("q.geojson", qgis, &geo, "Unknown");
    assert_eq!(ds.missions.len(), 1);
    let p: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        p,
        [
            "q.geojson:2: feature 2: a LineString, not a Point; skipped",
            "q.geojson:3: field \"Country\": feature 3: unknown country \"Atlantis\""
        ]
    );
}
