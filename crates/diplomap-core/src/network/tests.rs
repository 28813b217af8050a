use super::*;
use crate::model::{Closure, Extra, MissionKind, Precision, Region, Text};

fn m(
    id: &str,
    sender: &str,
    code: &str,
    opened: Option<i32>,
    closed: Option<i32>,
    accredited: &[&str],
) -> Mission {
    let gaz = Gazetteer::embedded();
    let country: Text = gaz
        .country(code)
        .map_or(code.into(), |c| c.name.as_str().into());
    let extra = Extra {
        accredited_to: accredited.iter().map(|s| Text::from(*s)).collect(),
        ..Extra::default()
    };
    // Missions without an opening year are known open from 1900 (the test's evidence)
    // to its date, 2026.
    let b = |y, why: &str| Some(crate::timeline::Bound::new(y, why));
    Mission {
        bounds: Some(std::sync::Arc::new(crate::timeline::TimeBounds {
            opened_by: b(1900, "test"),
            as_of: b(2026, "test"),
            ..Default::default()
        })),
        id: id.into(),
        sending_state: sender.into(),
        country,
        country_code: code.into(),
        city: "X".into(),
        kind: MissionKind::Embassy,
        organization: None,
        region: Region::Europe,
        opened,
        closure: closed.map_or(Closure::Open, Closure::InYear),
        location: geo_types::Point::new(0.0, 0.0),
        precision: Precision::City,
        inbound: false,
        extra: (!extra.is_empty()).then(|| Box::new(extra)),
    }
}

fn sample() -> Vec<Mission> {
    vec![
        // Sweden: Oslo (also for Iceland), Copenhagen, Berlin closed in 1995.
        m(
            "se-no",
            "Sweden",
            "NO",
            Some(1905),
            None,
            &["Norway", "Iceland"],
        ),
        m("se-dk", "Sweden", "DK", None, None, &[]),
        m("se-de", "Sweden", "DE", Some(1950), Some(1995), &[]),
        // Norway: Stockholm, opened in 1990; Reykjavik.
        m("no-se", "Norway", "SE", Some(1990), None, &[]),
        m("no-is", "Norway", "IS", None, None, &[]),
        // Denmark: Oslo, also covering Sweden.
        m("dk-no", "Denmark", "NO", None, None, &["Sweden"]),
    ]
}

#[test]
fn the_ranking_counts_missions_hosts_and_coverage_in_the_year() {
    let gaz = Gazetteer::embedded();
    let ms = sample();
    let r = ranking(&ms, 1992, None, gaz, Default::default());
    let rows: Vec<(&str, usize, usize, usize)> = r
        .iter()
        .map(|s| {
            (
                s.sender.as_str(),
                s.missions,
                s.host_countries,
                s.countries_covered,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Sweden", 3, 3, 4),
            ("Norway", 2, 2, 2),
            ("Denmark", 1, 1, 2)
        ]
    );
    // In 1996 Berlin is closed; in 1980 Norway's Stockholm embassy is not open yet.
    let r = ranking(&ms, 1996, None, gaz, Default::default());
    assert_eq!(
        (r[0].sender.as_str(), r[0].missions, r[0].countries_covered),
        ("Sweden", 2, 3)
    );
    let r = ranking(&ms, 1980, None, gaz, Default::default());
    assert_eq!(
        r.iter().find(|s| s.sender == "Norway").map(|s| s.missions),
        Some(1)
    );
    // A mission no source shows open in the year is counted apart: Denmark's embassy in
    // Oslo without its bounds may be open, in no other number.
    let mut ms2 = sample();
    ms2[5].bounds = None;
    let r = ranking(&ms2, 1992, None, gaz, Default::default());
    let dk = r
        .iter()
        .find(|s| s.sender == "Denmark")
        .expect("Denmark is listed");
    assert_eq!(
        (dk.missions, dk.host_countries, dk.missions_may_be_open),
        (0, 0, 1)
    );
    assert_eq!(r.last().map(|s| s.sender.as_str()), Some("Denmark"));
    // The filters apply: only missions in Norway.
    let f = Filter {
        countries: ["NO".to_owned()].into(),
        ..Filter::default()
    };
    let r = ranking(&ms, 1992, Some(&f), gaz, Default::default());
    let names: Vec<&str> = r.iter().map(|s| s.sender.as_str()).collect();
    assert_eq!(names, ["Denmark", "Sweden"], "ties by name");
}

#[test]
fn coverage_tells_resident_from_accredited() {
    let gaz = Gazetteer::embedded();
    let ms = sample();
    let c = coverage(&ms, "Sweden", 1992, None, gaz, Default::default());
    assert_eq!(c.get("NO"), Some(&Coverage::Resident));
    assert_eq!(c.get("IS"), Some(&Coverage::Accredited));
    assert_eq!(c.get("DE"), Some(&Coverage::Resident));
    assert_eq!(c.get("FR"), None);
    let c = coverage(&ms, "Sweden", 1996, None, gaz, Default::default());
    assert_eq!(c.get("DE"), None, "closed in 1995");
}

#[test]
fn reciprocity_between_two_senders() {
    let gaz = Gazetteer::embedded();
    let ms = sample();
    let r = reciprocity(&ms, "Sweden", "Norway", 1992, None, gaz);
    assert_eq!((r.a_in_b, r.b_in_a), (vec![0], vec![3]));
    let r = reciprocity(&ms, "Sweden", "Norway", 1980, None, gaz);
    assert_eq!(
        (r.a_in_b, r.b_in_a),
        (vec![0], vec![]),
        "Stockholm opens in 1990"
    );
    let r = reciprocity(&ms, "Denmark", "Sweden", 1992, None, gaz);
    assert_eq!(
        (r.a_in_b, r.a_covering_b, r.b_in_a),
        (vec![], vec![5], vec![1])
    );
}

#[test]
fn changes_between_two_years() {
    let ms = sample();
    assert_eq!(
        changes(&ms, 1989, 1995),
        [(2, Change::Closed, 1995), (3, Change::Opened, 1990)]
    );
    // A break: closed in it, opened again after it.
    let mut broken = ms[3].clone();
    broken.opened = Some(1960);
    broken.closure = Closure::InYear(1999);
    broken.extra_mut().breaks = crate::timeline::Break::parse_text("1970-1975").expect("break");
    assert_eq!(
        changes(&[broken], 1950, 2000),
        [
            (0, Change::Opened, 1960),
            (0, Change::Closed, 1970),
            (0, Change::Opened, 1975),
            (0, Change::Closed, 1999)
        ]
    );
    assert_eq!(changes(&ms, 1990, 1994), [], "the years after `from`");
    assert_eq!(
        changes(&ms, 1900, 2000).len(),
        4,
        "three openings, one closure"
    );
}

#[test]
fn the_list_changes_between_1990_and_2000() {
    let ds = crate::data::load_embedded().expect("data");
    let ch = changes(&ds.missions, 1990, 2000);
    let closed: Vec<&str> = ch
        .iter()
        .filter(|(_, c, _)| *c == Change::Closed)
        .filter_map(|(i, _, _)| ds.missions.get(*i).map(|m| m.id.as_str()))
        .collect();
    assert!(!closed.is_empty());
    for (i, c, year) in &ch {
        let m = &ds.missions[*i];
        let y = match c {
            Change::Opened => m.opened,
            Change::Closed => m.closure.year(),
        };
        assert_eq!(y, Some(*year), "{}", m.id);
        assert!((1991..=2000).contains(year), "{}", m.id);
    }
}

#[test]
fn the_ranking_is_written_as_csv_and_changes_by_their_words() {
    let rows = [
        SenderStats {
            sender: "The Netherlands".into(),
            missions: 309,
            host_countries: 145,
            countries_covered: 195,
            missions_may_be_open: 12,
            class: SenderClass::State,
            posts_not_counted: 176,
            other_places: 3,
        },
        SenderStats {
            sender: "Korea, North".into(),
            missions: 1,
            host_countries: 1,
            countries_covered: 2,
            missions_may_be_open: 0,
            class: SenderClass::LimitedRecognition,
            posts_not_counted: 0,
            other_places: 0,
        },
    ];
    let mut out = Vec::new();
    write_ranking_csv(&rows, &mut out).expect("written to memory");
    assert_eq!(
        String::from_utf8(out).expect("utf8"),
        "sending_state,missions,host_countries,countries_covered,missions_may_be_open,sender_class,posts_not_counted,other_places\n\
         The Netherlands,309,145,195,12,state,176,3\n\
         \"Korea, North\",1,1,2,0,limited,0,0\n"
    );
    assert_eq!(
        (Change::Opened.as_str(), Change::Closed.as_str()),
        ("opened", "closed")
    );
}
