use super::*;

fn g() -> &'static Gazetteer {
    Gazetteer::embedded()
}

#[test]
fn bundled_tables_parse_without_problems() {
    let (g, problems) = Gazetteer::parse(CITIES_TSV, COUNTRIES_TSV);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(g.cities().len() > 30_000);
    assert_eq!(g.countries().len(), 252);
}

#[test]
fn matching_ignores_accents_and_case() {
    let (c, _) = g().find("YAOUNDE", "CM").expect("found");
    assert_eq!(c.name, "Yaoundé");
    let (c, _) = g().find("brasilia", "BR").expect("found");
    assert_eq!(c.name, "Brasília");
    let (c, _) = g().find("Lomé", "TG").expect("found");
    assert_eq!(c.name, "Lomé");
}

#[test]
fn alternate_names_resolve() {
    let (kyiv, how) = g().find("Kiev", "UA").expect("found");
    assert_eq!((kyiv.name.as_str(), how), ("Kyiv", MatchKind::Alternate));
    let (c, _) = g().find("Santiago de Chile", "CL").expect("found");
    assert_eq!(c.name, "Santiago");
    let (c, _) = g().find("Ulaanbaatar", "MN").expect("found");
    assert_eq!(c.name, "Ulan Bator");
}

#[test]
fn country_constrains_and_population_breaks_ties() {
    // Santiago exists in Chile, Brazil, Mexico, the Philippines, Peru …
    let (cl, _) = g().find("Santiago", "CL").expect("found");
    assert!((cl.lat + 33.45).abs() < 0.1, "{cl:?}");
    let (br, _) = g().find("Santiago", "BR").expect("found");
    assert!((br.lat + 29.19).abs() < 0.1, "{br:?}");
    // Geneva, Switzerland, not Geneva, Illinois.
    let (ge, _) = g().find("Geneva", "CH").expect("found");
    assert_eq!(ge.country_code, "CH");
    // Own names beat other cities' alternate names.
    let (c, how) = g().find("Kingston", "JM").expect("found");
    assert_eq!((c.name.as_str(), how), ("Kingston", MatchKind::Name));
}

#[test]
fn unresolvable_places_are_errors_that_name_them() {
    let e = g().find("Hong Kong", "CN").unwrap_err();
    assert_eq!(
        e.to_string(),
        "no place named \"Hong Kong\" in CN in the gazetteer (it knows one in HK; add an override to data/places.json if that is meant)"
    );
    let e = g().find("Atlantis", "GR").unwrap_err();
    assert!(e.to_string().contains("no place named \"Atlantis\" in GR"));
}

#[test]
fn countries_by_name_alias_and_code() {
    assert_eq!(g().country("DRC").map(|c| c.code.as_str()), Some("CD"));
    assert_eq!(g().country("Czechia").map(|c| c.code.as_str()), Some("CZ"));
    assert_eq!(
        g().country("united kingdom").map(|c| c.code.as_str()),
        Some("GB")
    );
    assert_eq!(g().country("es").map(|c| c.name.as_str()), Some("Spain"));
    assert_eq!(g().country("Narnia"), None);
    assert_eq!(
        g().country("Russia").and_then(Country::region),
        Some(Region::Europe)
    );
    assert_eq!(
        g().country("Peru").and_then(Country::region),
        Some(Region::Americas)
    );
}

#[test]
fn overrides_win_and_explain_themselves() {
    let geo = Geocoder::embedded().expect("bundled overrides parse");
    let hk = geo.locate("CN", "Hong Kong").expect("override applies");
    assert!(hk.overridden);
    assert!((hk.point.y() - 22.28).abs() < 0.05);
    let plain = geo.locate("ES", "Madrid").expect("found");
    assert!(!plain.overridden);
    assert_eq!(plain.precision, Precision::City);
    assert_eq!(
        geo.locate("XX", "Madrid").unwrap_err(),
        GeocodeError::UnknownCountry("XX".into())
    );
    let fixed = Geocoder::new(
        g(),
        parse_overrides(
            "p.json",
            r#"[{"country": "Spain", "city": "Madrid", "lat": 40.0, "lon": -3.0, "precision": "building", "why": "test"}]"#,
        )
        .expect("valid"),
    );
    let m = fixed.locate("ES", "madrid").expect("override");
    assert_eq!(
        (m.point.x(), m.point.y(), m.precision),
        (-3.0, 40.0, Precision::Building)
    );
}

#[test]
fn bad_overrides_are_rejected() {
    let e = parse_overrides(
        "p",
        r#"[{"country": "Spain", "city": "Madrid", "why": "x"}]"#,
    )
    .expect_err("an override that changes nothing");
    assert_eq!(
        e.to_string(),
        "p: override for Madrid, Spain changes nothing: give geocode_as, \
         geocode_country_code or lat/lon"
    );
    let half = r#"[{"country": "Spain", "city": "Madrid", "lat": 1.0, "why": "x"}]"#;
    let e = parse_overrides("p", half).expect_err("a latitude without a longitude");
    assert_eq!((e.file.as_str(), e.field.as_deref()), ("p", Some("lat")));
    assert_eq!(
        e.message,
        "override for Madrid, Spain: give both lat and lon, in range"
    );
    let far = r#"[{"country": "Spain", "city": "Madrid", "lat": 91.0, "lon": 1.0, "why": "x"}]"#;
    let e = parse_overrides("p", far).expect_err("a latitude out of range");
    assert_eq!(e.field.as_deref(), Some("lat"));
    let e = parse_overrides("p", "[{\n\"contry\": 1}]").expect_err("an unknown field");
    assert_eq!((e.file.as_str(), e.line), ("p", 2));
    assert!(
        e.message
            .starts_with("cannot read overrides: unknown field `contry`"),
        "{}",
        e.message
    );
}

/// The sorted name table against the plain way: a map from each folded name to the cities
/// it names, filled row by row, for every name of the bundled table.
#[test]
fn the_name_table_answers_as_a_plain_map_does() {
    let mut plain: HashMap<String, Vec<(u32, MatchKind)>> = HashMap::new();
    let mut idx = 0u32;
    for line in CITIES_TSV.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let own = fold(cols[1]);
        plain
            .entry(own.clone())
            .or_default()
            .push((idx, MatchKind::Name));
        for alt in cols
            .get(6)
            .unwrap_or(&"")
            .split(';')
            .filter(|a| !a.is_empty())
        {
            let key = fold(alt);
            if key != own && !key.is_empty() {
                let list = plain.entry(key).or_default();
                if !list.iter().any(|(c, _)| *c == idx) {
                    list.push((idx, MatchKind::Alternate));
                }
            }
        }
        idx += 1;
    }
    assert_eq!(idx as usize, g().cities().len());
    for (key, want) in &plain {
        let got: Vec<_> = g().names.get(key).collect();
        assert_eq!(&got, want, "{key}");
    }
    let entries: usize = plain.values().map(Vec::len).sum();
    assert_eq!(g().names.entries.len(), entries);
    assert_eq!(g().names.get("no such place anywhere").count(), 0);
    assert_eq!(g().names.get("").count(), 0);
}
