use super::*;
use crate::gazetteer::Geocoder;
use crate::model::{Closure, Dataset, Mission, MissionKind, Precision};

fn geo() -> Geocoder<'static> {
    Geocoder::embedded().expect("geocoder")
}

fn table(file: &str, bytes: &[u8]) -> Table {
    let geo = geo();
    if file.ends_with(".geojson") {
        let text = std::str::from_utf8(bytes).expect("utf8");
        read_geojson(file, text, &geo, &Mapping::default())
    } else {
        read_from(file, bytes, &geo, &Mapping::default())
    }
}

fn read_ok(text: &str) -> Dataset {
    let t = table("t.csv", text.as_bytes());
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    t.dataset
}

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            &include_bytes!(concat!("../../../../tests/fixtures/tables/", $name))[..],
        )
    };
}

fn near(m: &Mission, lat: f64, lon: f64) -> bool {
    (m.lat() - lat).abs() < 1e-6 && (m.lon() - lon).abs() < 1e-6
}

#[test]
fn a_spreadsheet_csv_with_bom_crlf_semicolons_and_decimal_commas() {
    let (file, bytes) = fixture!("spreadsheet.csv");
    let t = table(file, bytes);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let [vienna, madrid, lima] = &t.dataset.missions[..] else {
        panic!("three rows: {:?}", t.dataset.missions)
    };
    assert_eq!(
        t.header.first().map(String::as_str),
        Some("Sender"),
        "BOM gone"
    );
    assert!(near(vienna, 48.2082, 16.3738) && near(madrid, 40.4168, -3.7038));
    assert_eq!(
        (&*vienna.country_code, vienna.precision, vienna.opened),
        ("AT", Precision::Building, Some(1974))
    );
    assert_eq!(madrid.closure, Closure::InYear(2023));
    assert_eq!(
        (&*lima.city, lima.precision, lima.closure),
        ("Lima", Precision::City, Closure::InYear(1999))
    );
    assert_eq!(&*lima.sending_state, "North Korea");
}

#[test]
fn a_wikidata_query_csv_with_item_urls_labels_and_a_wkt_point() {
    let (file, bytes) = fixture!("wikidata-query.csv");
    let t = table(file, bytes);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(
        t.columns.get(Field::Country),
        Some(3),
        "countryLabel, not the item"
    );
    assert_eq!(t.columns.get(Field::Name), Some(1));
    let [sweden, japan, _] = &t.dataset.missions[..] else {
        panic!("three rows")
    };
    assert_eq!(
        (sweden.id.as_str(), &*sweden.sending_state, &*sweden.country),
        ("Q10000001", "Sweden", "North Korea")
    );
    assert_eq!(sweden.extra().wikidata.as_deref(), Some("Q10000001"));
    assert_eq!(
        (sweden.kind, sweden.opened),
        (MissionKind::Embassy, Some(1975))
    );
    assert!(near(sweden, 39.0392, 125.7625));
    assert_eq!(&*sweden.city, "Pyongyang", "the city nearest the point");
    assert_eq!(
        (japan.kind, &*japan.sending_state, &*japan.city),
        (MissionKind::ConsulateGeneral, "Japan", "Busan")
    );
    assert_eq!(japan.notes(), "Consulate General of Japan in Busan");
}

#[test]
fn a_kepler_style_csv_a_tsv_and_a_table_without_coordinates() {
    let (file, bytes) = fixture!("kepler.csv");
    let t = table(file, bytes);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let [cuba, china, taiwan] = &t.dataset.missions[..] else {
        panic!("three rows")
    };
    assert_eq!((&*cuba.sending_state, cuba.opened), ("Cuba", Some(1960)));
    assert!(near(cuba, 39.0194, 125.7381));
    assert_eq!(
        (china.kind, &*china.city),
        (MissionKind::ConsulateGeneral, "Chongjin")
    );
    // A trade office is of the type Other (no index counts it), its word kept.
    assert_eq!(taiwan.kind_word(), "trade office");
    assert_eq!(
        (taiwan.kind, taiwan.opened, taiwan.closure),
        (MissionKind::Other, Some(1995), Closure::InYear(2003))
    );

    let (file, bytes) = fixture!("missions.tsv");
    let t = table(file, bytes);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let [paris, rome, yangon] = &t.dataset.missions[..] else {
        panic!("three rows")
    };
    assert_eq!(
        (paris.kind, paris.kind_word(), paris.precision, paris.opened),
        (
            MissionKind::Other,
            "General delegation",
            Precision::City,
            Some(1984)
        )
    );
    assert_eq!((&*rome.country_code, rome.closure), ("IT", Closure::Open));
    assert_eq!(yangon.closure, Closure::InYear(1983));
    assert!(yangon.notes().contains("Rangoon"));

    let (file, bytes) = fixture!("no-coordinates.csv");
    let t = table(file, bytes);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let cairo = &t.dataset.missions[0];
    assert_eq!(
        (&*cairo.city, cairo.precision, cairo.opened),
        ("Cairo", Precision::City, Some(1963))
    );
    assert!((cairo.lat() - 30.06).abs() < 0.2 && (cairo.lon() - 31.25).abs() < 0.2);
}

#[test]
fn a_qgis_geojson_with_a_crs_member() {
    let (file, bytes) = fixture!("qgis.geojson");
    let t = table(file, bytes);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let [sweden, germany, poland] = &t.dataset.missions[..] else {
        panic!("three features")
    };
    assert_eq!(
        (sweden.id.as_str(), &*sweden.sending_state),
        ("1", "Sweden")
    );
    assert!(near(germany, 39.0417, 125.7671));
    assert_eq!(
        (poland.opened, poland.closure, &*poland.country_code),
        (Some(1950), Closure::InYear(2001), "MN")
    );
}

#[test]
fn latin1_is_read_with_a_warning_that_says_so() {
    let (file, bytes) = fixture!("latin1.csv");
    let t = table(file, bytes);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(t.dataset.missions.len(), 3);
    let st = &t.dataset.missions[2];
    assert_eq!((&*st.country_code, &*st.city), ("ST", "São Tomé"));
    let w: Vec<String> = t.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("latin1.csv:4: not UTF-8"), "{w:?}");
    assert!(w[0].contains("Latin-1"), "{w:?}");
}

#[test]
fn decimal_commas_are_read_right_or_refused() {
    // A quoted decimal comma in a comma-separated file; a thousands mark is refused.
    let ds = read_ok("country,city,lat,lon\nAustria,Vienna,\"48,2082\",\"16,3738\"\n");
    assert!(near(&ds.missions[0], 48.2082, 16.3738));
    let t = table(
        "t.csv",
        b"country;city;lat;lon\nAustria;Vienna;48.208,2;16\nAustria;Vienna;1.048,5;16\n",
    );
    assert_eq!((t.dataset.missions.len(), t.skipped_rows), (0, 2));
    assert!(t.problems[0].to_string().contains("no coordinates"));
}

#[test]
fn bad_rows_name_file_line_and_column() {
    let t = table(
        "t.csv",
        b"country,city,lat,lon,closed\nAtlantis,X,1,2,\nSpain,Madrid,95,1,\nSpain,Nowhere,,,\nSpain,Madrid,,,soon\nSpain,Madrid,,,\n",
    );
    let p: Vec<String> = t.problems.iter().map(ToString::to_string).collect();
    assert_eq!(t.dataset.missions.len(), 1, "{p:?}");
    assert_eq!((p.len(), t.skipped_rows), (4, 4), "{p:?}");
    assert!(
        p[0].starts_with("t.csv:2: field \"country\": unknown country \"Atlantis\""),
        "{p:?}"
    );
    assert!(p[1].starts_with("t.csv:3: field \"lat\""), "{p:?}");
    assert!(p[2].starts_with("t.csv:4: field \"city\""), "{p:?}");
    assert!(p[3].starts_with("t.csv:5: field \"closed\""), "{p:?}");
    // A quoted line break: the next row's line is still right.
    let t = table(
        "t.csv",
        b"country,city,notes,opened\nSpain,Madrid,\"two\nlines\",1990\nSpain,Madrid,,later\n",
    );
    assert_eq!(
        t.problems[0].to_string(),
        "t.csv:4: field \"opened\": \"later\" is no year"
    );
    let t = table("t.csv", b"name,lat,lon\nx,1,2\n");
    assert!(t.is_refused());
    assert!(
        t.problems[0]
            .to_string()
            .contains("no column for the host country"),
        "{:?}",
        t.problems
    );
    assert!(table("t.csv", b"country,city\n").is_refused(), "no rows");
    assert!(
        table("t.csv", b"country,notes\nSpain,x\n").is_refused(),
        "no place"
    );
}

#[test]
fn columns_named_by_the_user_win_over_detection() {
    let geo = geo();
    let text = "Breite;Länge;Land;Ort;x\n48,2;16,37;Austria;Vienna;1\n";
    let t = read("t.csv", text, &geo, &Mapping::default());
    assert!(t.is_refused(), "x is a longitude, but no country column");
    let m: Mapping = "lat=Breite, lon=Länge, country=land, city=Ort"
        .parse()
        .expect("mapping");
    let t = read("t.csv", text, &geo, &m);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(
        t.columns.get(Field::Lon),
        Some(1),
        "x lost its field to Länge"
    );
    assert_eq!(t.columns.get(Field::Country), Some(2), "folded match");
    assert!(near(&t.dataset.missions[0], 48.2, 16.37));
    assert_eq!(
        t.columns.to_mapping(&t.header).to_string(),
        "lat=Breite,lon=Länge,country=Land,city=Ort"
    );
    let t = read("t.csv", text, &geo, &"lat=Nope".parse().expect("mapping"));
    assert!(
        t.problems[0].to_string().contains("no column \"Nope\""),
        "{:?}",
        t.problems
    );
    assert!("lat".parse::<Mapping>().is_err());
    assert!(
        "height=h"
            .parse::<Mapping>()
            .unwrap_err()
            .contains("no field")
    );
    let m: Mapping = "city=".parse().expect("mapping");
    assert_eq!(m.0, [(Field::City, None)]);
}

#[test]
fn detection_of_compound_and_suffixed_names() {
    let header: Vec<String> = [
        "Country_Code",
        "start_year",
        "End Date",
        "year_opened",
        "cityLabel",
        "Sending State",
        "to do",
        "long name",
    ]
    .map(str::to_owned)
    .to_vec();
    let c = Columns::detect(&header);
    assert_eq!(c.get(Field::CountryCode), Some(0));
    assert_eq!(
        c.get(Field::Opened),
        Some(3),
        "a whole name wins over a suffixed one"
    );
    assert_eq!(c.get(Field::Closed), Some(2));
    assert_eq!(c.get(Field::City), Some(4));
    assert_eq!(c.get(Field::Sender), Some(5));
    assert_eq!((c.field_of(6), c.field_of(7)), (None, None));
    assert_eq!(c.get(Field::Country), None);
}

fn export_both(ds: &Dataset) -> (String, String) {
    let missions: Vec<&Mission> = ds.missions.iter().collect();
    let (mut csv, mut gj) = (Vec::new(), Vec::new());
    crate::export::write_csv(&missions, None, &mut csv).expect("csv");
    crate::export::write_geojson(&missions, None, &mut gj).expect("geojson");
    (
        String::from_utf8(csv).expect("utf8"),
        String::from_utf8(gj).expect("utf8"),
    )
}

#[test]
fn our_own_exports_open_again_and_export_identically() {
    for b in crate::data::Builtin::ALL {
        let mut ds = b.load().expect("data");
        // A mission with two periods and one with three come back with their breaks.
        for (m, breaks) in ds
            .missions
            .iter_mut()
            .zip(["1975-2002", "1990-1995; 2000-2010"])
        {
            m.opened = Some(1975);
            m.closure = Closure::Open;
            m.extra_mut().breaks = crate::timeline::Break::parse_text(breaks).expect("breaks");
        }
        let (csv, gj) = export_both(&ds);
        assert!(csv.contains(",1990-1995; 2000-2010"), "{}", &csv[..2000]);
        let geo = geo();
        let from_csv = read("t.csv", &csv, &geo, &Mapping::default());
        assert!(
            from_csv.problems.is_empty(),
            "{:?}",
            &from_csv.problems[..3.min(from_csv.problems.len())]
        );
        assert_eq!(from_csv.dataset.missions.len(), ds.missions.len());
        let again = export_both(&from_csv.dataset).0;
        let first_difference = csv.lines().zip(again.lines()).find(|(a, b)| a != b);
        assert!(
            again == csv,
            "{b:?}: CSV → open → CSV differs: {first_difference:#?}"
        );
        let from_gj = read_geojson("t.geojson", &gj, &geo, &Mapping::default());
        assert!(
            from_gj.problems.is_empty(),
            "{:?}",
            &from_gj.problems[..3.min(from_gj.problems.len())]
        );
        let again = export_both(&from_gj.dataset).1;
        let first_difference = gj.lines().zip(again.lines()).find(|(a, b)| a != b);
        assert!(
            again == gj,
            "{b:?}: GeoJSON → open → GeoJSON differs: {first_difference:#?}"
        );
        // The inbound layer comes back from the column.
        assert_eq!(from_gj.dataset.focus, ds.focus);
        for t in [&from_csv, &from_gj] {
            let breaks: Vec<&[crate::timeline::Break]> =
                t.dataset.missions.iter().map(|m| m.breaks()).collect();
            let want: Vec<&[crate::timeline::Break]> =
                ds.missions.iter().map(|m| m.breaks()).collect();
            assert_eq!(breaks, want);
        }
    }
}

#[test]
fn geojson_in_every_shape_reads_feature_by_feature_as_before() {
    let geo = geo();
    let vienna = r#"{"type": "Feature", "properties": {"Country": "Austria", "City": "Vienna"}, "geometry": {"type": "Point", "coordinates": [16.3738, 48.2018]}}"#;
    let madrid = r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [-3.7, 40.4]}, "properties": {"City": "Madrid", "Country": "Spain", "Opened": 1990}}"#;
    let read = |text: &str| read_geojson("s.geojson", text, &geo, &Mapping::default());
    let cities = |t: &Table| -> Vec<String> {
        t.dataset
            .missions
            .iter()
            .map(|m| m.city.to_string())
            .collect()
    };
    // The members in any order, a BOM, other members beside the features.
    for text in [
        format!(r#"{{"type": "FeatureCollection", "features": [{vienna}, {madrid}]}}"#),
        format!(r#"{{"features": [{vienna}, {madrid}], "type": "FeatureCollection"}}"#),
        format!(
            "\u{feff}{{\"name\": \"x\", \"crs\": {{\"type\": \"name\"}}, \"type\": \"FeatureCollection\", \"features\": [{vienna}, {madrid}]}}"
        ),
    ] {
        let t = read(&text);
        assert_eq!(cities(&t), ["Vienna", "Madrid"], "{text}");
        assert!(t.problems.is_empty(), "{:?}", t.problems);
    }
    // A lone feature is one row; a bare geometry and broken text are refused, saying why.
    assert_eq!(cities(&read(vienna)), ["Vienna"]);
    let refused = |text: &str| read(text).problems.first().map(ToString::to_string);
    assert_eq!(
        refused(r#"{"type": "Point", "coordinates": [1, 2]}"#).as_deref(),
        Some("s.geojson: a bare geometry, not a FeatureCollection")
    );
    let broken = refused(&format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [{vienna},\n{{]}}"
    ));
    assert!(
        broken
            .as_ref()
            .is_some_and(|p| p.contains("not GeoJSON") && p.contains("line 2")),
        "{broken:?}"
    );
}

#[test]
fn other_geometries_are_named_and_left_out() {
    let geo = geo();
    let text = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"Country": "Austria", "City": "Vienna"}, "geometry": {"type": "Point", "coordinates": [16.3738, 48.2018]}},
        {"type": "Feature", "properties": {"Country": "Spain"}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}},
        {"type": "Feature", "properties": {"Country": "Atlantis", "City": "X"}, "geometry": null}
    ]}"#;
    let t = read_geojson("q.geojson", text, &geo, &Mapping::default());
    assert_eq!((t.dataset.missions.len(), t.skipped_rows), (1, 2));
    let p: Vec<String> = t.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        p,
        [
            "q.geojson:2: feature 2: a LineString, not a Point; skipped",
            "q.geojson:3: field \"Country\": feature 3: unknown country \"Atlantis\""
        ]
    );
    assert!(looks_like_geojson(text.as_bytes()));
    assert!(!looks_like_geojson(br#"{"format": 1, "missions": []}"#));
}

/// Hands out `bytes` in reads of `chunk` bytes at most, as a slow file or pipe does.
struct Chunked<'a> {
    bytes: &'a [u8],
    chunk: usize,
}

impl std::io::Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.bytes.len());
        let (now, rest) = self.bytes.split_at(n);
        buf[..n].copy_from_slice(now);
        self.bytes = rest;
        Ok(n)
    }
}

#[test]
fn the_line_limit_counts_a_line_across_reads_to_the_byte() {
    // A line of exactly the limit passes and one byte more stops the table, however the
    // reads cut the line (at its start, inside it, around its line breaks).
    let geo = geo();
    for extra in [0, 1] {
        let start = b"country,city,notes\nSpain,Madrid,fine\n".to_vec();
        let mut text = start.clone();
        let long = MAX_ROW_BYTES + extra;
        text.extend(b"Spain,Madrid,");
        text.extend(std::iter::repeat_n(b'x', long - b"Spain,Madrid,".len()));
        text.extend(b"\nSpain,Madrid,after\n");
        for chunk in [1 << 16, 4093, start.len(), start.len() + 1, MAX_ROW_BYTES] {
            let src = Chunked {
                bytes: &text,
                chunk,
            };
            let t = read_from("t.csv", src, &geo, &Mapping::default());
            let stopped = t
                .problems
                .iter()
                .any(|p| p.message.contains("the rest of the table is not read"));
            assert_eq!(
                stopped,
                extra == 1,
                "line of {long} bytes, reads of {chunk}"
            );
            let after = t.dataset.missions.iter().any(|m| m.notes() == "after");
            assert_eq!(after, extra == 0, "line of {long} bytes, reads of {chunk}");
        }
    }
}

#[test]
fn an_endless_line_stops_the_table_with_a_problem_and_keeps_the_rows_before() {
    let mut text = b"country,city,notes\nSpain,Madrid,fine\nSpain,Madrid,".to_vec();
    text.extend(std::iter::repeat_n(b'x', MAX_ROW_BYTES + 10));
    text.extend(b"\nSpain,Madrid,after\n");
    let t = table("t.csv", &text);
    assert_eq!(t.dataset.missions.len(), 1);
    assert_eq!(t.skipped_rows, 1);
    assert!(
        t.problems[0]
            .to_string()
            .contains("a line of over 1048576 bytes"),
        "{:?}",
        t.problems
    );
}

#[test]
fn a_preview_gives_the_first_rows_and_reads_like_the_table() {
    let (file, bytes) = fixture!("spreadsheet.csv");
    let p = preview(file, bytes, false, 2).expect("preview");
    assert_eq!(p.header.len(), 8);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0][4], "48,2082");
    let geo = geo();
    let t = read("preview", &p.text, &geo, &Mapping::default());
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert!(near(&t.dataset.missions[0], 48.2082, 16.3738));
    let (file, bytes) = fixture!("qgis.geojson");
    let p = preview(file, bytes, true, 8).expect("preview");
    assert_eq!(p.rows.len(), 3);
    assert_eq!(&p.header[..2], ["latitude", "longitude"]);
    assert!(p.header.iter().any(|h| h == "fid"), "{:?}", p.header);
}

#[test]
fn a_geojson_preview_has_every_column_and_only_the_first_rows() {
    // A property that only a late feature has, one under an escaped name, a feature with
    // no properties, and members in any order: the preview's header is the whole table's,
    // its rows the table's first.
    let feature = |k: usize, props: &str| {
        format!(
            r#"{{"geometry": {{"type": "Point", "coordinates": [{k}, 1]}}, "properties": {props}, "type": "Feature"}}"#
        )
    };
    let mut features: Vec<String> = (0..40)
        .map(|k| feature(k, &format!(r#"{{"Country": "Spain", "City": "C{k}"}}"#)))
        .collect();
    features[3] = feature(3, "null");
    features[30] = feature(
        30,
        r#"{"Country": "Spain", "City": "C30", "Closed": 1999, "Ma\u0064e": "x"}"#,
    );
    features[35] = feature(35, r#"{"Opened": {"year": 1950}, "City": "Late"}"#);
    let text = format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [{}]}}",
        features.join(",\n")
    );
    let geo = geo();
    let whole = read_geojson("p.geojson", &text, &geo, &Mapping::default());
    let p = preview("p.geojson", text.as_bytes(), true, 5).expect("preview");
    assert_eq!(
        p.header,
        [
            "latitude",
            "longitude",
            "City",
            "Country",
            "Closed",
            "Made",
            "Opened"
        ]
    );
    assert_eq!(p.header, whole.header);
    assert_eq!(p.rows.len(), 5);
    assert_eq!(p.rows[4], ["1", "4", "C4", "Spain", "", "", ""]);
    // The preview reads as the whole table's first rows do.
    let place = |m: &Mission| (m.city.to_string(), m.country.to_string(), m.lat(), m.lon());
    let first = read("preview", &p.text, &geo, &Mapping::default());
    assert_eq!(first.dataset.missions.len(), 4, "feature 4 has no country");
    assert_eq!(
        first.dataset.missions.iter().map(place).collect::<Vec<_>>(),
        whole.dataset.missions[..4]
            .iter()
            .map(place)
            .collect::<Vec<_>>()
    );
    // The whole table: a column only feature 31 has is read; the rows without a country
    // are named by their feature.
    assert_eq!(whole.dataset.missions.len(), 38, "{:?}", whole.problems);
    assert!(
        whole
            .dataset
            .missions
            .iter()
            .any(|m| m.closure.year() == Some(1999))
    );
    let lines: Vec<String> = whole
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.line, p.message))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("4: feature 4: "), "{lines:?}");
    assert!(lines[1].starts_with("36: feature 36: "), "{lines:?}");
    // Broken text after the preview's rows is still refused: the whole file is read.
    let broken = format!("{}, {{]}}", &text[..text.len() - 2]);
    let e = preview("p.geojson", broken.as_bytes(), true, 5).map(|p| p.rows.len());
    assert!(
        e.as_ref()
            .is_err_and(|p| p.to_string().contains("not GeoJSON")),
        "{e:?}"
    );
}

#[test]
fn a_collection_with_a_feature_that_is_none_is_refused_whole() {
    // Found only when the rows are read (the first pass reads names): still the whole
    // file is refused, with the reason, and nothing half read is kept.
    let text = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"Country": "Austria", "City": "Vienna"}, "geometry": {"type": "Point", "coordinates": [16.3738, 48.2018]}},
        {"type": "Feature", "properties": {"Country": "Spain", "City": "Madrid"}, "geometry2": {"type": "Point", "coordinates": [-3.7, 40.4]}}
    ]}"#;
    let t = read_geojson("g.geojson", text, &geo(), &Mapping::default());
    assert!(t.is_refused());
    let p: Vec<String> = t.problems.iter().map(ToString::to_string).collect();
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("g.geojson: not GeoJSON: ") && p[0].contains("geometry"),
        "{p:?}"
    );
}

#[test]
fn a_preview_reads_back_whatever_its_column_names_hold() {
    // Semicolons in a column's name outnumber the commas between columns: the preview's
    // text must still read back as commas.
    let text = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"Country": "Austria", "City": "Vienna", "a;b;c;d;e;f;g": "x;y"}, "geometry": {"type": "Point", "coordinates": [16.3738, 48.2018]}}
    ]}"#;
    let p = preview("s.geojson", text.as_bytes(), true, 8).expect("preview");
    assert_eq!(p.header.len(), 5, "{:?}", p.header);
    let t = read("preview", &p.text, &geo(), &Mapping::default());
    assert_eq!(t.header, p.header);
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(t.dataset.missions.len(), 1);
}

#[test]
fn a_pipe_separated_txt_is_read_by_its_sniffed_delimiter() {
    // "comma, semicolon, tab or pipe" (README): a pipe table with a comma inside a cell.
    assert_eq!(sniff_delimiter("country|city|type|lat|lon"), b'|');
    assert_eq!(sniff_delimiter("country;city;type"), b';');
    assert_eq!(sniff_delimiter("country\tcity\ttype"), b'\t');
    assert_eq!(sniff_delimiter("country,city,type"), b',');
    let text = "country|city|type|lat|lon|notes\n\
                Spain|Madrid|Embassy|40.4|-3.7|opened 2013, closed 2023\n\
                Austria|Vienna|Consulate General|48.2|16.37|\n";
    let t = table("posts.txt", text.as_bytes());
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    let [madrid, vienna] = &t.dataset.missions[..] else {
        panic!("two rows: {:?}", t.dataset.missions)
    };
    assert_eq!(
        (&*madrid.city, madrid.kind),
        ("Madrid", MissionKind::Embassy)
    );
    assert_eq!(madrid.extra().notes, "opened 2013, closed 2023");
    assert!(near(madrid, 40.4, -3.7));
    assert_eq!(
        (&*vienna.city, vienna.kind),
        ("Vienna", MissionKind::ConsulateGeneral)
    );
}

#[test]
fn a_date_no_calendar_has_is_no_year() {
    for (cell, want) in [
        ("1990", Some(1990)),
        ("1990-05-01", Some(1990)),
        ("1990-05-01T00:00:00Z", Some(1990)),
        ("1990-00-00", Some(1990)),
        ("2000-02-29", Some(2000)),
        ("2000-13-45", None),
        ("2001-02-29", None),
        ("1990-04-31", None),
        ("1990-1-1", None),
    ] {
        assert_eq!(super::year(cell), want, "{cell}");
    }
}
