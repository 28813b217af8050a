use super::*;

const SAMPLE: &str = "\
Some portal |
Prose about the country.
Host country | Host city | Mission | Ref. |
---|---|---|---|
China | Beijing | Embassy | [13] |
Shenyang | Consulate General | [14] | |
Dandong | Consular Office | [15] | |
Japan | Tokyo | Chongryon | |
Russia | Khabarovsk | Consular Office | [38] [39] |
Organization | Host city | Host country | Mission | Ref. |
---|---|---|---|---|
United Nations | New York City | United States | Permanent Mission | |
Geneva | Switzerland | Permanent Mission | ||
Host country | Host city | Mission level | Year closed | Ref. |
---|---|---|---|---|
Gabon | Libreville | Embassy | [47] | |
Peru | Lima | Embassy | 2017 | [56] [57] |
More prose.
";

#[test]
fn reads_tables_and_their_quirks() {
    let p = parse_list("s.txt", SAMPLE);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.tables.len(), 3);
    assert_eq!(
        p.tables.iter().map(|t| t.rows).collect::<Vec<_>>(),
        [5, 2, 2]
    );
    let r = &p.rows;
    // Continuation rows take the country of the row above.
    assert_eq!(
        (r[1].country.as_str(), r[1].city.as_str()),
        ("China", "Shenyang")
    );
    assert_eq!(r[1].kind, MissionKind::ConsulateGeneral);
    assert_eq!(r[1].refs, [14]);
    assert_eq!(
        (r[2].country.as_str(), r[2].kind),
        ("China", MissionKind::ConsularOffice)
    );
    // No reference; the de-facto mission is its own kind.
    assert_eq!(
        (r[3].kind, r[3].refs.len()),
        (MissionKind::DeFactoEmbassy, 0)
    );
    assert_eq!(r[3].kind_word, "Chongryon");
    // Two references.
    assert_eq!(r[4].refs, [38, 39]);
    // Organisations, continued too.
    assert_eq!(r[5].organization.as_deref(), Some("United Nations"));
    assert_eq!(r[5].country, "United States");
    assert_eq!(r[6].organization.as_deref(), Some("United Nations"));
    assert_eq!(
        (r[6].city.as_str(), r[6].country.as_str()),
        ("Geneva", "Switzerland")
    );
    assert!(r[6].refs.is_empty());
    // Closed, year missing, reference slid left.
    assert_eq!(
        (r[7].closure, r[7].refs.clone()),
        (Closure::YearUnknown, vec![47])
    );
    assert_eq!(
        (r[8].closure, r[8].refs.clone()),
        (Closure::InYear(2017), vec![56, 57])
    );
    assert_eq!(r[8].line, 17);
}

#[test]
fn bad_rows_are_reported_with_their_line_and_skipped() {
    let text = "\
Host country | Host city | Mission level | Year closed | Ref. |
---|---|---|---|---|
Benin | Cotonou | Embasy | 1993 | [45] |
Ghana | Accra | Embassy | nineteen | [45] |
Togo | Lomé | Embassy | 1998 | 45 |
Mali | | Embassy | 1998 | [45] |
Zambia | Lusaka | Embassy | 1995 | [45] | extra |
Tunisia | Tunis | Embassy | 1995 | [45] |
";
    let p = parse_list("bad.txt", text);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].city, "Tunis");
    let msgs: Vec<String> = p.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        [
            "bad.txt:3: field \"Mission\": unknown mission type \"Embasy\" (did you mean \"Embassy\"?)",
            "bad.txt:4: field \"Year closed\": \"nineteen\" is not a year",
            "bad.txt:5: field \"Ref.\": \"45\" is not a list of references like [38] [39]",
            "bad.txt:6: field \"Host city\": empty",
            "bad.txt:7: 6 cells, but the table has 5 columns",
        ]
    );
}

#[test]
fn a_continuation_without_a_row_above_is_a_problem() {
    let text = "Host country | Host city | Mission | Ref. |\n---|---|---|---|\nShenyang | Consulate General | [14] | |\n";
    let p = parse_list("x", text);
    assert!(p.rows.is_empty());
    assert_eq!(p.problems[0].line, 3);
    assert!(p.problems[0].message.contains("no row above"));
}

#[test]
fn refs_parse() {
    assert_eq!(parse_refs("[56] [57]"), Some(vec![56, 57]));
    assert_eq!(parse_refs("[38][39]"), Some(vec![38, 39]));
    assert_eq!(parse_refs(""), Some(vec![]));
    assert_eq!(parse_refs("[x]"), None);
    assert_eq!(parse_refs("[1"), None);
    assert_eq!(parse_refs("2017"), None);
    // Found by fuzzing: the loader rejects reference 0, so the importer must too.
    assert_eq!(parse_refs("[0]"), None);
}

#[test]
fn import_geocodes_and_assigns_regions() {
    let geo = Geocoder::embedded().expect("overrides");
    let r = import("s.txt", SAMPLE, "North Korea", &geo);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.missions.len(), 9);
    let ids: Vec<&str> = r.missions.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids[0], "cn-beijing-embassy");
    assert_eq!(ids[5], "us-new-york-city-permanent-mission-united-nations");
    assert_eq!(r.missions[5].region, Region::Multilateral);
    assert_eq!(r.missions[4].region, Region::Europe);
    assert_eq!(r.missions[8].region, Region::Americas);
    // China, Japan and Russia: the first table mixes Asia and Europe.
    assert_eq!(r.tables[0].region, None);
    assert_eq!(r.tables[1].region, Some(Region::Multilateral));
    // Tokyo is in Japan, not at (0, 0).
    assert!((r.missions[3].lat() - 35.69).abs() < 0.1);
}

#[test]
fn unknown_places_are_reported_not_placed_at_zero() {
    let geo = Geocoder::embedded().expect("overrides");
    let text = "Host country | Host city | Mission | Ref. |\n---|---|---|---|\nNarnia | Cair Paravel | Embassy | |\nSpain | Atlantis | Embassy | |\n";
    let r = import("x.txt", text, "North Korea", &geo);
    assert!(r.missions.is_empty());
    let msgs: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs[0],
        "x.txt:3: field \"Host country\": unknown country \"Narnia\""
    );
    assert!(msgs[1].starts_with("x.txt:4: field \"Host city\": no place named \"Atlantis\" in ES"));
}
