//! Questions about the filtered missions: which are shown in a year, the panel counts, the
//! closures per year.

use super::*;

/// The index's arrays over one cell's run of the Morton order.
pub(super) struct Run<'a> {
    pub(super) pass: &'a [bool],
    pub(super) years: &'a [Years],
    pub(super) codes: &'a [u64],
    pub(super) order: &'a [u32],
}

impl MissionIndex {
    /// The arrays in Morton order over positions `start..end` (a cell's run).
    pub(super) fn run(&self, start: u32, end: u32) -> Option<Run<'_>> {
        let r = start as usize..end as usize;
        Some(Run {
            pass: self.pass.get(r.clone())?,
            years: self.sorted_years.get(r.clone())?,
            codes: self.codes.get(r.clone())?,
            order: self.order.get(r)?,
        })
    }

    /// The missions at positions `start..end` shown at `y`, in index order.
    pub(super) fn shown_of_run(
        &self,
        start: u32,
        end: u32,
        y: i16,
    ) -> impl Iterator<Item = u32> + '_ {
        self.run(start, end).into_iter().flat_map(move |r| {
            r.pass
                .iter()
                .zip(r.years)
                .zip(r.order)
                .filter(move |((p, yr), _)| **p && self.shown[yr.state(y, &self.breaks)])
                .map(|(_, &i)| i)
        })
    }

    /// Adds the filtered missions at positions `start..end` to raw (not yet cumulative)
    /// counts.
    pub(super) fn scan_into(&self, start: u32, end: u32, hist: &mut [u32], meta: &mut NodeMeta) {
        let span = self.span;
        let Some(r) = self.run(start, end) else {
            return;
        };
        for ((&p, &y), &code) in r.pass.iter().zip(r.years).zip(r.codes) {
            if !p {
                continue;
            }
            let (x, yy) = unmorton(code);
            meta.sx += f64::from(x);
            meta.sy += f64::from(yy);
            meta.tally.add(y);
            add_years(span, y, &self.breaks, hist);
        }
    }

    /// Every organisation key in the data set, sorted ([`filter::BILATERAL`] first).
    pub fn kinds(&self) -> &[MissionKind] {
        &self.kinds
    }

    pub fn organizations(&self) -> &[String] {
        &self.orgs
    }

    /// The first year on the timeline for this data: the founding year of the list's state
    /// ([`crate::timeline::FIRST_YEAR`]) or the data's earliest opening or closure.
    pub fn first_year(&self) -> i32 {
        i32::from(self.span.y0)
    }

    /// Every sending state, sorted by name.
    pub fn senders(&self) -> &[String] {
        &self.senders
    }

    /// Every host country as (code, name), sorted by name.
    pub fn countries(&self) -> &[(String, String)] {
        &self.country_names
    }

    /// Number of missions indexed.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether mission `i` is shown in `year` (every filter, the timeline state included).
    pub fn is_shown(&self, i: usize, year: i32) -> bool {
        self.fail.get(i) == Some(&0)
            && self
                .years
                .get(i)
                .is_some_and(|y| self.shown[y.state(clamp_year(year), &self.breaks)])
    }

    /// The missions shown in `year`, in data order.
    pub fn shown_missions(&self, year: i32) -> Vec<u32> {
        let arrays = (self.years.as_slice(), self.fail.as_slice());
        shown_among(
            self.years.len(),
            to_u32,
            arrays,
            &self.breaks,
            &self.shown,
            clamp_year(year),
        )
    }

    /// The counts for the filter panels and the summary line at `year`.
    pub fn facet_counts(&self, year: i32) -> FacetCounts {
        let y = clamp_year(year);
        let span = self.span;
        let shown_in = |h: &YearHist| h.at(span, y).sum_where(&self.shown) as usize;
        let mut out = FacetCounts {
            by_state: self.root.at(span, y),
            ..FacetCounts::default()
        };
        for (k, h) in MissionKind::ALL.iter().zip(&self.kind_hist) {
            if let n @ 1.. = shown_in(h) {
                out.kinds.insert(*k, n);
            }
        }
        for (r, h) in Region::ALL.iter().zip(&self.region_hist) {
            if let n @ 1.. = shown_in(h) {
                out.regions.insert(*r, n);
            }
        }
        for (c, h) in self.countries.iter().zip(&self.country_hist) {
            if let n @ 1.. = shown_in(h) {
                out.countries.insert(c.clone(), n);
            }
        }
        for (s, h) in self.senders.iter().zip(&self.sender_hist) {
            if let n @ 1.. = shown_in(h) {
                out.senders.insert(s.clone(), n);
            }
        }
        for (o, h) in self.orgs.iter().zip(&self.org_hist) {
            if let n @ 1.. = shown_in(h) {
                out.organizations.insert(o.clone(), n);
            }
        }
        out.inbound = shown_in(&self.inbound_hist);
        out
    }

    /// Closures per year over `[from, to]` among the missions passing every filter but the
    /// timeline state (the chart under the slider).
    /// The filtered missions' counts per state (status aside) in each year of
    /// `from..=to`: what the chart draws through time.
    pub fn counts_per_year(&self, from: i32, to: i32) -> Vec<(i32, StateCounts)> {
        let span = self.span;
        (from..=to)
            .map(|y| (y, self.root.at(span, clamp_year(y))))
            .collect()
    }

    /// [`MissionIndex::counts_per_year`] of the posts a network's size counts
    /// ([`crate::senders::Counting::counts`]): the chart's network size.
    pub fn network_per_year(
        &self,
        from: i32,
        to: i32,
        counting: crate::senders::Counting,
    ) -> Vec<(i32, StateCounts)> {
        let span = self.span;
        (from..=to)
            .map(|y| {
                let y16 = clamp_year(y);
                let mut c = self.root.at(span, y16);
                if !counting.all_posts {
                    let left_out = self.uncounted_hist.at(span, y16);
                    for (n, o) in c.0.iter_mut().zip(left_out.0) {
                        *n = n.saturating_sub(o);
                    }
                }
                (y, c)
            })
            .collect()
    }

    /// The closures in each year of `from..=to`: the closing slot of
    /// [`MissionIndex::counts_per_year`].
    pub fn closures_per_year(&self, from: i32, to: i32) -> Vec<(i32, usize)> {
        self.counts_per_year(from, to)
            .into_iter()
            .map(|(y, c)| (y, c[TimelineState::Closing] as usize))
            .collect()
    }

    /// Approximate heap bytes held (for the benchmark report).
    pub fn heap_bytes(&self) -> usize {
        self.years.len() * std::mem::size_of::<Years>()
            + self.facets.len() * std::mem::size_of::<Facets>()
            + self.fail.len()
            + self.codes.len() * 8
            + self.order.len() * 4
            + self.rank.len() * 4
            + self.sorted_years.len() * std::mem::size_of::<Years>()
            + self.pass.len()
            + self.nodes.len() * std::mem::size_of::<Node>()
            + self.node_hist.len() * 4
            + self.node_meta.len() * std::mem::size_of::<NodeMeta>()
    }
}
