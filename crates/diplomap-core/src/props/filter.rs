//! The filter against its plain statement: `Filter::matches`, its matcher and each
//! facet left out are what the conditions say; a filter survives its trip through the
//! settings file.

use proptest::prelude::*;

use super::arb::{self, check};
use super::naive;
use crate::filter::{Facet, Filter};
use crate::text::TextMatcher;

/// `f` with the choice of one facet undone: what its option counts are counted under.
pub fn without(f: &Filter, facet: Facet) -> Filter {
    let mut g = f.clone();
    match facet {
        Facet::State => g.hidden_states.clear(),
        Facet::Kind => g.hidden_kinds.clear(),
        Facet::Region => g.hidden_regions.clear(),
        Facet::Country => g.countries.clear(),
        Facet::Organization => g.hidden_organizations.clear(),
        Facet::Sender => g.senders.clear(),
        Facet::Inbound => g.show_inbound = true,
    }
    g
}

const FACETS: [Facet; 7] = [
    Facet::State,
    Facet::Kind,
    Facet::Region,
    Facet::Country,
    Facet::Organization,
    Facet::Sender,
    Facet::Inbound,
];

#[test]
fn the_filter_is_its_plain_conditions() {
    let cases = (arb::missions(120, false), arb::filters(), 1935..2035i32);
    check("filter = plain conditions", 256, cases, |(ms, f, year)| {
        let mut matcher = f.matcher();
        let mut text = TextMatcher::new(&f.text);
        let (mut shown, mut hidden) = (0, 0);
        for m in &ms {
            let want = naive::shown(&f, m, year);
            prop_assert_eq!(f.matches(m, year), want, "{}", m.id);
            prop_assert_eq!(matcher.matches(m, year), want, "{}", m.id);
            prop_assert_eq!(f.matches_except(m, year, None, &mut text), want);
            for facet in FACETS {
                let g = without(&f, facet);
                prop_assert_eq!(
                    f.matches_except(m, year, Some(facet), &mut text),
                    naive::shown(&g, m, year),
                    "{} without {:?}",
                    m.id,
                    facet
                );
            }
            shown += usize::from(want);
            hidden += usize::from(!want);
        }
        Ok(shown > 0 && hidden > 0)
    });
}

#[test]
fn a_filter_is_default_only_when_it_hides_what_the_default_hides() {
    check("is_default", 256, arb::filters(), |f| {
        let default = Filter::default();
        let same = f.hidden_states == default.hidden_states
            && f.hidden_kinds.is_empty()
            && f.hidden_regions.is_empty()
            && f.countries.is_empty()
            && f.senders.is_empty()
            && f.hidden_organizations.is_empty()
            && f.show_inbound
            && f.text.is_empty();
        prop_assert_eq!(f.is_default(), same);
        Ok(!same)
    });
    assert!(Filter::default().is_default());
}

#[test]
fn a_filter_survives_the_settings_file() {
    check("filter round trip", 256, arb::filters(), |f| {
        let text = serde_json::to_string(&f).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Filter =
            serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &f);
        Ok(f != Filter::default())
    });
    // Types are kept by their words; an unknown word is refused by name.
    let e = serde_json::from_str::<Filter>(r#"{"hidden_kinds": ["Embasy"]}"#)
        .expect_err("no such type");
    assert!(
        e.to_string().contains("unknown mission type \"Embasy\""),
        "{e}"
    );
    let f: Filter =
        serde_json::from_str(r#"{"hidden_kinds": ["Consulate General"]}"#).expect("a type's word");
    assert_eq!(
        f.hidden_kinds,
        [crate::model::MissionKind::ConsulateGeneral].into()
    );
}
