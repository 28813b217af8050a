use super::*;

fn doc(missions: &str) -> String {
    format!(
        "{{\n  \"format\": \"diplomap/1\",\n  \"name\": \"Test\",\n  \"sending_state\": \"North Korea\",\n  \"missions\": [\n{missions}\n  ]\n}}\n"
    )
}

const GOOD: &str = r#"    {
      "id": "es-madrid-embassy",
      "country": "Spain",
      "country_code": "ES",
      "city": "Madrid",
      "mission": "Embassy",
      "region": "Europe",
      "opened": 2013,
      "closed": 2023,
      "refs": [67],
      "lat": 40.4165,
      "lon": -3.70256,
      "notes": "Opened in 2013."
    }"#;

#[test]
fn loads_a_good_mission() {
    let ds = parse("t.json", &doc(GOOD)).expect("valid");
    assert_eq!(ds.name, "Test");
    let m = &ds.missions[0];
    assert_eq!(&*m.sending_state, "North Korea");
    assert_eq!(m.kind, MissionKind::Embassy);
    assert_eq!(m.closure, Closure::InYear(2023));
    assert_eq!(m.opened, Some(2013));
    assert_eq!(m.refs(), vec![67]);
    assert_eq!(m.precision, Precision::City);
    assert!((m.lat() - 40.4165).abs() < 1e-9);
}

#[test]
fn unknown_mission_type_names_file_line_and_field() {
    let bad = GOOD.replace("\"Embassy\"", "\"Embasy\"");
    let err = parse("data/missions.json", &doc(&bad)).unwrap_err();
    let LoadError::Invalid(p) = &err else {
        panic!("expected invalid")
    };
    assert_eq!(p.len(), 1);
    // Line 6 of the document holds "{"; the mission field is 5 lines further down.
    assert_eq!(p[0].line, 11);
    assert_eq!(p[0].field.as_deref(), Some("mission"));
    assert_eq!(
        err.to_string(),
        "data/missions.json:11: field \"mission\": unknown mission type \"Embasy\" (did you mean \"Embassy\"?)"
    );
}

#[test]
fn reports_every_problem_with_its_line() {
    let bad = GOOD
        .replace("\"closed\": 2023", "\"closed\": \"sometime\"")
        .replace("\"lat\": 40.4165", "\"lat\": 140.0")
        .replace("\"refs\": [67]", "\"refs\": [\"67\"]")
        .replace("\"notes\"", "\"note\"");
    let err = parse("f.json", &doc(&bad)).unwrap_err();
    let lines = err.problems();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(lines[0].starts_with("f.json:14: field \"closed\": expected a year"));
    assert!(lines[1].starts_with("f.json:15: field \"refs\""));
    assert!(lines[2].starts_with("f.json:16: field \"lat\": 140.0 is outside"));
    assert!(lines[3].contains("unknown field \"note\" (did you mean \"notes\"?)"));
}

#[test]
fn closed_year_unknown_and_open() {
    let unknown = GOOD
        .replace("\"closed\": 2023", "\"closed\": \"unknown\"")
        .replace("\"opened\": 2013,\n", "");
    let ds = parse("t", &doc(&unknown)).expect("valid");
    assert_eq!(ds.missions[0].closure, Closure::YearUnknown);
    let open = GOOD.replace("\"closed\": 2023", "\"closed\": null");
    assert_eq!(
        parse("t", &doc(&open)).expect("valid").missions[0].closure,
        Closure::Open
    );
}

#[test]
fn closing_before_opening_is_rejected() {
    let bad = GOOD.replace("\"opened\": 2013", "\"opened\": 2024");
    let err = parse("t", &doc(&bad)).unwrap_err().to_string();
    assert!(
        err.contains("closed in 2023, before it opened in 2024"),
        "{err}"
    );
}

#[test]
fn duplicate_ids_and_missing_fields() {
    let two = format!("{GOOD},\n{GOOD}");
    let err = parse("t", &doc(&two)).unwrap_err().to_string();
    assert!(err.contains("duplicate id \"es-madrid-embassy\""), "{err}");
    let nocity = GOOD.replace("      \"city\": \"Madrid\",\n", "");
    let err = parse("t", &doc(&nocity)).unwrap_err().to_string();
    assert_eq!(
        err,
        "t:6: field \"city\": missing (every mission needs one)"
    );
}

#[test]
fn syntax_errors_name_the_line() {
    let broken = doc(GOOD).replace("\"Madrid\",", "\"Madrid\"");
    let err = parse("t.json", &broken).unwrap_err().to_string();
    assert!(err.starts_with("t.json:11: not valid JSON"), "{err}");
    let err = parse("t.json", "[1, 2]").unwrap_err().to_string();
    assert!(err.contains("expected a JSON object"), "{err}");
    let err = parse("t.json", "").unwrap_err().to_string();
    assert!(err.starts_with("t.json:1: not valid JSON"), "{err}");
}

#[test]
fn bom_and_crlf_are_accepted_and_bad_utf8_is_reported() {
    let crlf = format!("\u{feff}{}", doc(GOOD).replace('\n', "\r\n"));
    assert_eq!(parse("t", &crlf).expect("valid").missions.len(), 1);
    let mut bytes = b"{\n\"name\": \"x\xff\"}".to_vec();
    let p = decode_text("t", &bytes[..]).unwrap_err();
    assert_eq!(
        p.to_string(),
        "t:2: the file is not valid UTF-8 text (save it as UTF-8)"
    );
    bytes.clear();
    bytes.extend_from_slice(b"\xEF\xBB\xBF{}");
    assert_eq!(decode_text("t", &bytes[..]).expect("utf8"), "{}");
    // Taken by value, with a mark and a bad byte on line 3.
    let owned = b"\xEF\xBB\xBF{\n\n\xff}".to_vec();
    let p = decode_text("t", owned).unwrap_err();
    assert_eq!(
        p.to_string(),
        "t:3: the file is not valid UTF-8 text (save it as UTF-8)"
    );
}

#[test]
fn round_trips_through_json() {
    let ds = parse("t", &doc(GOOD)).expect("valid");
    let again = parse("t", &to_json(&ds)).expect("valid");
    assert_eq!(ds.missions, again.missions);
}

#[test]
fn embedded_data_set_loads() {
    let ds = load_embedded().expect("the committed data set is valid");
    assert!(ds.missions.len() > 80);
    assert!(!ds.name.is_empty());
}

#[test]
fn sending_state_may_come_after_the_missions_and_problems_are_capped() {
    let m = GOOD.replace("\"id\": \"es-madrid-embassy\",", "\"id\": \"ID\",");
    let late = format!(
        "{{\"format\": \"diplomap/1\", \"missions\": [\n{}\n], \"sending_state\": \"North Korea\"}}",
        m.replace("ID", "a")
    );
    let ds = parse("t", &late).expect("valid");
    assert_eq!(&*ds.missions[0].sending_state, "North Korea");
    // Two thousand duplicates: a thousand listed, the rest counted.
    let many: Vec<String> = (0..MAX_PROBLEMS * 2 + 1)
        .map(|_| m.replace("ID", "x"))
        .collect();
    let err = parse("t", &doc(&many.join(",\n"))).unwrap_err();
    let LoadError::Invalid(p) = err else {
        panic!("not invalid")
    };
    assert_eq!(p.len(), MAX_PROBLEMS + 1);
    assert!(p[0].to_string().starts_with("t:"), "{}", p[0]);
    assert!(
        p[MAX_PROBLEMS].message.contains("1000 more problems"),
        "{}",
        p[MAX_PROBLEMS]
    );
}

const WIKIDATA: &str = r#"    {
      "id": "at-vienna-embassy",
      "sending_state": "Afghanistan",
      "country": "Austria",
      "country_code": "AT",
      "city": "Vienna",
      "mission": "embassy",
      "region": "Europe",
      "lat": 48.2018,
      "lon": 16.3738,
      "precision": "building",
      "accredited_to": ["Austria", "Slovenia", "Bosnia and Herzegovina"],
      "wikidata": "Q104602592",
      "address": "Kärntner Ring 12",
      "website": "http://www.afghanistan-vienna.org"
    },
    {
      "id": "jp-tokyo-chongryon",
      "country": "Japan",
      "country_code": "JP",
      "city": "Tokyo",
      "mission": "Chongryon",
      "region": "Asia",
      "lat": 35.6895,
      "lon": 139.69171,
      "precision": "country"
    }"#;

#[test]
fn further_facts_load_and_write_back() {
    let ds = parse("t", &doc(WIKIDATA)).expect("valid");
    let [vienna, tokyo] = &ds.missions[..] else {
        panic!("two missions")
    };
    let e = vienna.extra();
    assert_eq!(e.accredited_to.len(), 3);
    assert_eq!(e.wikidata.as_deref(), Some("Q104602592"));
    assert_eq!(e.address.as_deref(), Some("Kärntner Ring 12"));
    assert_eq!(vienna.precision, Precision::Building);
    // A type's own name in other case keeps no word; the list's word does.
    assert_eq!(
        (vienna.kind, vienna.kind_word()),
        (MissionKind::Embassy, "Embassy")
    );
    assert_eq!(
        (tokyo.kind, tokyo.kind_word()),
        (MissionKind::DeFactoEmbassy, "Chongryon")
    );
    assert_eq!(tokyo.precision, Precision::Country);
    assert!(tokyo.extra().accredited_to.is_empty());
    let text = to_json(&ds);
    assert!(text.contains("\"mission\": \"Chongryon\""), "{text}");
    let again = parse("t", &text).expect("valid");
    assert_eq!(ds.missions, again.missions);
    assert_eq!(to_json(&again), text, "written the same way twice");
}

#[test]
fn bad_further_facts_name_their_field() {
    for (from, to, says) in [
        ("\"Q104602592\"", "\"104602592\"", "field \"wikidata\""),
        (
            "\"http://www.afghanistan-vienna.org\"",
            "\"www.x.org\"",
            "field \"website\"",
        ),
        (
            "[\"Austria\", \"Slovenia\"",
            "[\"Austria\", 7",
            "field \"accredited_to\"",
        ),
        (
            "\"precision\": \"building\"",
            "\"precision\": \"street\"",
            "field \"precision\"",
        ),
    ] {
        let bad = WIKIDATA.replacen(from, to, 1);
        assert_ne!(bad, WIKIDATA, "{from}");
        let err = parse("t", &doc(&bad)).unwrap_err().to_string();
        assert!(err.contains(says), "{says}: {err}");
    }
}

#[test]
fn a_word_that_is_no_type_is_kept_beside_it() {
    let m = GOOD.replace(
        "\"mission\": \"Embassy\"",
        "\"mission\": \"Other\",\n      \"word\": \"diplomatic mission of El Salvador\"",
    );
    let ds = parse("t", &doc(&m)).expect("valid");
    let m = &ds.missions[0];
    assert_eq!(m.kind, MissionKind::Other);
    assert_eq!(m.kind_word(), "diplomatic mission of El Salvador");
    let text = to_json(&ds);
    assert!(text.contains("\"mission\": \"Other\""), "{text}");
    assert_eq!(parse("t", &text).expect("valid").missions, ds.missions);
}

#[test]
fn the_inbound_layer_follows_the_focus_state() {
    let pyongyang = r#"    {
      "id": "kp-pyongyang-embassy-se",
      "sending_state": "Sweden",
      "country": "North Korea",
      "country_code": "KP",
      "city": "Pyongyang",
      "mission": "Embassy",
      "region": "Asia",
      "lat": 39.03385,
      "lon": 125.75432
    }"#;
    let missions = format!("{GOOD},\n{pyongyang}");
    // No focus: no inbound layer.
    let ds = parse("t", &doc(&missions)).expect("valid");
    assert!(ds.missions.iter().all(|m| !m.inbound));
    // A focus makes Sweden's embassy there inbound, and is written back.
    let with_focus = doc(&missions).replace(
        "  \"sending_state\": \"North Korea\",\n",
        "  \"focus\": \"North Korea\",\n  \"sending_state\": \"North Korea\",\n",
    );
    let ds = parse("t", &with_focus).expect("valid");
    assert_eq!(ds.focus.as_deref(), Some("North Korea"));
    assert_eq!(ds.missions.iter().filter(|m| m.inbound).count(), 1);
    assert!(to_json(&ds).contains("\"focus\": \"North Korea\""));
    assert!(
        !to_json(&ds).contains("\"inbound\""),
        "derived, not written"
    );
    // An older file that marks it: the focus is the state most missions are from.
    let old = missions.replace(
        "\"lon\": 125.75432",
        "\"lon\": 125.75432,\n      \"inbound\": true",
    );
    let ds = parse("t", &doc(&old)).expect("valid");
    assert_eq!(ds.focus.as_deref(), Some("North Korea"));
    assert!(ds.missions[1].inbound && !ds.missions[0].inbound);
}

// ---------------------------------------------------------------------------------------
// The fast reader gives what the careful one gives, or gives up.

/// The fast reader's data set, which must be the careful reader's.
fn fast_as_careful(name: &str, text: &str) -> Dataset {
    let fast = parse_fast(name, text.as_bytes());
    let careful = read(name, text.as_bytes()).expect("valid for the careful reader");
    let fast = fast.unwrap_or_else(|| panic!("{name}: the fast reader gave up on a valid file"));
    assert_eq!(fast, careful, "{name}: the readers differ");
    fast
}

#[test]
fn fast_reader_equals_careful_on_the_built_in_sets_and_synthetic_data() {
    for b in Builtin::ALL {
        fast_as_careful(b.file_name(), b.text());
    }
    // 30,000 missions: more than 4 MiB, so several blocks on several workers.
    let synth = crate::synth::generate(30_000, 7);
    let text = to_json(&synth);
    assert!(text.len() > 2 * (4 << 20));
    let ds = fast_as_careful("synth.json", &text);
    assert_eq!(ds.missions.len(), 30_000);
}

#[test]
fn fast_reader_takes_every_valid_form_the_careful_one_does() {
    let odd = r#"    {
      "id": "  x-1 ",
      "sending_state": "Sweden",
      "country": "Spa\u00efn \"quoted\"",
      "country_code": "ES",
      "city": "Madrid",
      "mission": "embassy",
      "region": "europe",
      "opened": null,
      "closed": "Unknown",
      "refs": null,
      "lat": 40,
      "lon": -3.5e0,
      "precision": null,
      "inbound": null,
      "notes": "   ",
      "accredited_to": [" Andorra", "Spain"],
      "wikidata": "Q1",
      "address": "Calle 1",
      "website": "https://example.org",
      "word": "Chancery"
    },
    {
      "id": "x-2", "country": "Spain", "country_code": "ES", "city": "Sevilla",
      "mission": "Chongryon", "region": "Europe", "closed": 1990, "opened": 1980,
      "city": "Seville", "lat": 37.4, "lon": -6.0, "precision": "building"
    }"#;
    let forms = [
        doc(GOOD),
        doc(odd),
        format!("\u{feff}{}", doc(odd)),
        doc(odd).replace('\n', "\r\n"),
        doc(&format!("{GOOD},\n{odd}")).replace('\n', ""),
        // Fields after the list, and an empty list.
        "{\"missions\": [], \"name\": \"Empty\", \"format\": \"diplomap/1\"}".to_owned(),
        format!(
            "{{\"missions\": [\n{GOOD}\n], \"sending_state\": \"Cuba\", \"focus\": \"Spain\"}}"
        ),
    ];
    for (i, text) in forms.iter().enumerate() {
        fast_as_careful(&format!("form{i}.json"), text);
    }
}

#[test]
fn fast_reader_gives_up_where_the_careful_one_finds_problems() {
    let bad = [
        doc(&GOOD.replace("\"Embassy\"", "\"Embasy\"")),
        doc(&GOOD.replace("\"opened\": 2013", "\"opened\": 3013")),
        doc(&GOOD.replace("\"city\"", "\"town\"")),
        doc(&format!("{GOOD},\n{GOOD}")),
        doc(GOOD).replace("\"format\": \"diplomap/1\"", "\"format\": \"diplomap/9\""),
        doc(GOOD).replace("\"missions\"", "\"mission\""),
        format!("{} trailing", doc(GOOD)),
        doc(GOOD).replace("]\n}", "]"),
        doc(&GOOD.replace("\"notes\"", "\"extra\": {\n\"a\": 1},\n      \"notes\"")),
    ];
    for (i, text) in bad.iter().enumerate() {
        assert!(
            read("bad.json", text.as_bytes()).is_err(),
            "form {i} is valid"
        );
        assert!(
            parse_fast("bad.json", text.as_bytes()).is_none(),
            "form {i}"
        );
        assert!(parse("bad.json", text).is_err(), "form {i}");
    }
}

#[test]
fn the_hand_reading_of_a_mission_is_the_derived_one_or_none() {
    use super::fast::Record;
    fn derived(t: &str) -> Option<(Record<'_>, usize)> {
        let mut s = serde_json::Deserializer::from_str(t).into_iter::<Record>();
        let r = s.next().and_then(Result::ok);
        r.map(|r| (r, s.byte_offset()))
    }
    let mut texts: Vec<String> = Vec::new();
    let mut sets = vec![
        to_json(&Builtin::World.load().expect("world")),
        to_json(&crate::synth::generate(500, 2)),
    ];
    sets.push(Builtin::NorthKorea.text().to_owned());
    for set in &sets {
        let v: Value = serde_json::from_str(set).expect("json");
        for m in v["missions"].as_array().expect("missions") {
            texts.push(serde_json::to_string_pretty(m).expect("pretty"));
            texts.push(serde_json::to_string(m).expect("compact"));
        }
    }
    let base = r#"{"id": "a", "country": "Spain", "country_code": "ES", "city": "Madrid", "mission": "Embassy", "region": "Europe", "lat": 40.5, "lon": -3}"#;
    for (from, to) in [
        ("\"a\"", "\"a\\\"b\""),
        ("\"a\"", "\"a\\u00e9\""),
        ("\"Madrid\"", "\"Mad\trid\""),
        ("40.5", "4.05e1"),
        ("40.5", "-0"),
        ("40.5", "40"),
        ("40.5", "+40"),
        ("40.5", "040"),
        ("40.5", "null"),
        (
            "-3}",
            "-3, \"opened\": 1990, \"closed\": \"unknown\", \"refs\": [1, 2]}",
        ),
        ("-3}", "-3, \"opened\": 1990.0}"),
        ("-3}", "-3, \"opened\": -0, \"closed\": 01}"),
        ("-3}", "-3, \"refs\": [-1]}"),
        ("-3}", "-3, \"refs\": [1,]}"),
        (
            "-3}",
            "-3, \"inbound\": true, \"accredited_to\": [\"X\", \"Y\"]}",
        ),
        ("-3}", "-3, \"inbound\": truex}"),
        ("-3}", "-3, \"city\": \"Seville\"}"),
        ("-3}", "-3, \"other\": 1}"),
        ("-3}", "-3, \"opened\": 123456789012345678901}"),
        ("-3}", "-3 ,\n\r\t\"notes\" :\"\" }"),
    ] {
        texts.push(base.replacen(from, to, 1));
    }
    texts.push("{}".into());
    texts.push("{ }".into());
    let mut quick = 0;
    for t in &texts {
        if let Some(q) = super::quick::record(t) {
            quick += 1;
            assert_eq!(Some(q), derived(t), "{t}");
        }
    }
    assert!(
        quick > texts.len() / 2,
        "the hand reading took {quick} of {}",
        texts.len()
    );
}

#[test]
fn breaks_load_write_back_and_are_checked() {
    // Canberra: opened 1975, closed the same year, reopened 2002, closed 2008.
    let canberra = GOOD
        .replace("\"opened\": 2013", "\"opened\": 1975")
        .replace(
            "\"closed\": 2023",
            "\"closed\": 2008,\n      \"breaks\": [{\"closed\": 1975, \"reopened\": 2002}]",
        );
    let ds = fast_as_careful("t", &doc(&canberra));
    let m = &ds.missions[0];
    let want = [crate::timeline::Break {
        closed: 1975,
        reopened: 2002,
    }];
    assert_eq!(m.breaks(), want);
    assert_eq!(
        crate::timeline::state_at(m, 1990),
        crate::timeline::TimelineState::Closed
    );
    let text = to_json(&ds);
    assert!(text.contains("\"breaks\": ["), "{text}");
    let again = parse("t", &text).expect("valid");
    assert_eq!(ds.missions, again.missions);
    assert_eq!(to_json(&again), text, "written the same way twice");
    // Wrong ones name the file, the line and the field, and say what is wrong.
    for (from, to, says) in [
        (
            "\"reopened\": 2002",
            "\"reopened\": 1970",
            "reopen after the year it closed",
        ),
        (
            "\"closed\": 1975",
            "\"closed\": 1970",
            "before the mission opened (1975)",
        ),
        (
            "\"reopened\": 2002",
            "\"reopened\": 2010",
            "after the mission's closure (2008)",
        ),
        (
            "\"reopened\": 2002",
            "\"reopens\": 2002",
            "expected a list like",
        ),
        (
            "[{\"closed\"",
            "[{\"closed\": \"x\"}, {\"closed\"",
            "expected a year",
        ),
        (
            "[{\"closed\": 1975, \"reopened\": 2002}]",
            "3",
            "expected a list like",
        ),
    ] {
        let bad = canberra.replacen(from, to, 1);
        assert_ne!(bad, canberra, "{from}");
        let err = parse("t.json", &doc(&bad)).unwrap_err().to_string();
        assert!(
            err.contains("t.json") && err.contains("field \"breaks\"") && err.contains(says),
            "{says}: {err}"
        );
    }
}
