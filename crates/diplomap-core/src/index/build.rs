//! Building the index and applying a filter: the Morton order, the big cells, and the
//! per-year counts of every big cell and every filter option.

use super::*;

impl MissionIndex {
    /// Builds the index for `missions` and applies `filter`.
    pub fn build(missions: &[Mission], filter: &Filter) -> MissionIndex {
        let (breaks, years) = Breaks::of(missions);
        let (mut lo, mut hi) = (timeline::FIRST_YEAR, timeline::FIRST_YEAR);
        for y in &years {
            y.each_event(&breaks, |_, e| {
                lo = lo.min(i32::from(e));
                hi = hi.max(i32::from(e));
            });
        }
        let span = Span {
            y0: clamp_year(lo),
            // Data files keep years within `data::YEAR_RANGE`; a span wider than 4096
            // years (missions made in code) is cut, and its later years share the last slot.
            len: usize::try_from(i64::from(hi) - i64::from(lo) + 1)
                .unwrap_or(1)
                .clamp(1, 4096),
            kinds: if breaks.any() { EVENTS } else { PLAIN_EVENTS },
        };
        // Facet options as numbers. Countries and organisations are shared texts, so each
        // distinct one is looked up once, by address.
        // One pass: each country code with the first name given for it, each
        // organisation, and the inbound missions.
        let mut country_names: std::collections::BTreeMap<&str, &str> = Default::default();
        let mut org_names: std::collections::BTreeSet<&str> = Default::default();
        let mut seen_country: std::collections::HashSet<usize> = Default::default();
        let mut seen_org: std::collections::HashSet<usize> = Default::default();
        let mut sender_names: std::collections::BTreeSet<&str> = Default::default();
        let mut seen_sender: std::collections::HashSet<usize> = Default::default();
        for m in missions {
            if seen_sender.insert(m.sending_state.as_ptr() as usize) {
                sender_names.insert(&m.sending_state);
            }
            if seen_country.insert(m.country_code.as_ptr() as usize) {
                country_names.entry(&m.country_code).or_insert(&m.country);
            }
            let org = filter::organization_key(m);
            if seen_org.insert(org.as_ptr() as usize) {
                org_names.insert(org);
            }
        }
        drop((seen_country, seen_org, seen_sender));
        // The country picker lists them as people read them.
        let mut named: Vec<(String, String)> = country_names
            .iter()
            .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
            .collect();
        named.sort_by_cached_key(|(code, name)| (fold(name), code.clone()));
        let countries: Vec<String> = country_names.keys().map(|s| (*s).to_owned()).collect();
        let orgs: Vec<String> = org_names.iter().map(|s| (*s).to_owned()).collect();
        let senders: Vec<String> = sender_names.iter().map(|s| (*s).to_owned()).collect();
        let mut sender_id: HashMap<usize, u16> = HashMap::new();
        let mut country_id: HashMap<usize, u16> = HashMap::new();
        let mut org_id: HashMap<usize, u16> = HashMap::new();
        let slot = |sorted: &[String], s: &str| {
            u16::try_from(sorted.partition_point(|x| x.as_str() < s)).unwrap_or(u16::MAX)
        };
        let facets: Vec<Facets> = missions
            .iter()
            .map(|m| {
                let org = filter::organization_key(m);
                Facets {
                    kind: MissionKind::ALL
                        .iter()
                        .position(|k| *k == m.kind)
                        .unwrap_or(0) as u8,
                    region: Region::ALL.iter().position(|r| *r == m.region).unwrap_or(0) as u8,
                    inbound: m.inbound,
                    counted: crate::senders::KindGroup::of(m).counted_by_default(),
                    country: *country_id
                        .entry(m.country_code.as_ptr() as usize)
                        .or_insert_with(|| slot(&countries, &m.country_code)),
                    org: *org_id
                        .entry(org.as_ptr() as usize)
                        .or_insert_with(|| slot(&orgs, org)),
                    sender: *sender_id
                        .entry(m.sending_state.as_ptr() as usize)
                        .or_insert_with(|| slot(&senders, &m.sending_state)),
                }
            })
            .collect();
        drop(country_id);
        drop(org_id);
        drop(sender_id);

        // Morton order; ties by input order, so the order is deterministic.
        let mut keyed: Vec<(u64, u32)> = missions
            .iter()
            .enumerate()
            .map(|(i, m)| (code_of(m), to_u32(i)))
            .collect();
        keyed.sort_unstable();
        let codes: Vec<u64> = keyed.iter().map(|k| k.0).collect();
        let order: Vec<u32> = keyed.iter().map(|k| k.1).collect();
        drop(keyed);
        let mut rank = vec![0u32; order.len()];
        for (pos, &i) in order.iter().enumerate() {
            if let Some(r) = rank.get_mut(i as usize) {
                *r = to_u32(pos);
            }
        }
        let sorted_years: Vec<Years> = order
            .iter()
            .map(|&i| {
                years
                    .get(i as usize)
                    .copied()
                    .unwrap_or_else(Years::missing)
            })
            .collect();

        // The types present, in one pass over the facets.
        let mut has_kind = [false; MissionKind::ALL.len()];
        for fc in &facets {
            if let Some(h) = has_kind.get_mut(usize::from(fc.kind)) {
                *h = true;
            }
        }
        let kinds: Vec<MissionKind> = MissionKind::ALL
            .into_iter()
            .zip(has_kind)
            .filter_map(|(k, h)| h.then_some(k))
            .collect();
        let mut ix = MissionIndex {
            span,
            fail: vec![0; missions.len()],
            years,
            breaks,
            facets,
            countries,
            orgs,
            country_names: named,
            senders,
            kinds,
            pass: vec![true; codes.len()],
            codes,
            order,
            rank,
            sorted_years,
            nodes: Vec::new(),
            node_hist: Vec::new(),
            node_meta: Vec::new(),
            shown: PerState([true; 6]),
            generation: 0,
            root: YearHist::default(),
            kind_hist: Vec::new(),
            region_hist: Vec::new(),
            country_hist: Vec::new(),
            sender_hist: Vec::new(),
            org_hist: Vec::new(),
            inbound_hist: YearHist::default(),
            uncounted_hist: YearHist::default(),
            levels: Default::default(),
        };
        let n = to_u32(ix.codes.len());
        ix.build_nodes(0, 0, 0, n);
        ix.set_filter(missions, filter);
        ix
    }

    /// Creates the big node for cell (`level`, `prefix`) spanning `start..end` and its big
    /// descendants; returns its number.
    pub(super) fn build_nodes(&mut self, level: u32, prefix: u64, start: u32, end: u32) -> u32 {
        let id = to_u32(self.nodes.len());
        self.nodes.push(Node {
            start,
            end,
            children: [u32::MAX; 4],
        });
        if level >= MAX_LEVEL {
            return id;
        }
        let bounds = self.split(level, prefix, start, end);
        for (q, w) in (0..4u64).zip(bounds.windows(2)) {
            let &[s, e] = w else { continue };
            if (e - s) as usize >= BIG {
                let child = self.build_nodes(level + 1, prefix * 4 + q, s, e);
                if let Some(n) = self.nodes.get_mut(id as usize)
                    && let Some(c) = n.children.get_mut(q as usize)
                {
                    *c = child;
                }
            }
        }
        id
    }

    /// Where the four children of cell (`level`, `prefix`) start and end within `start..end`.
    pub(super) fn split(&self, level: u32, prefix: u64, start: u32, end: u32) -> [u32; 5] {
        let shift = 64 - 2 * (level + 1);
        let slice = self
            .codes
            .get(start as usize..end as usize)
            .unwrap_or_default();
        let mut b = [start, start, start, start, end];
        for q in 1..4u64 {
            let first = ((prefix * 4 + q) as u128) << shift;
            let at = slice.partition_point(|&c| u128::from(c) < first);
            if let Some(x) = b.get_mut(q as usize) {
                *x = start + u32::try_from(at).unwrap_or(0);
            }
        }
        b
    }

    /// Applies a new filter: recomputes which missions pass it (the year aside) and the
    /// per-year counts. Missions must be the ones the index was built from.
    pub fn set_filter(&mut self, missions: &[Mission], f: &Filter) {
        self.generation += 1;
        self.forget_levels();
        for s in TimelineState::ALL {
            self.shown[s] = !f.hidden_states.contains(&s);
        }
        let hidden_kind: Vec<bool> = MissionKind::ALL
            .iter()
            .map(|k| f.hidden_kinds.contains(k))
            .collect();
        let hidden_region: Vec<bool> = Region::ALL
            .iter()
            .map(|r| f.hidden_regions.contains(r))
            .collect();
        let country_ok: Vec<bool> = self
            .countries
            .iter()
            .map(|c| f.countries.is_empty() || f.countries.contains(c))
            .collect();
        let sender_ok: Vec<bool> = self
            .senders
            .iter()
            .map(|s| f.senders.is_empty() || f.senders.contains(s))
            .collect();
        let org_hidden: Vec<bool> = self
            .orgs
            .iter()
            .map(|o| f.hidden_organizations.contains(o))
            .collect();
        let mut text = TextMatcher::new(&f.text);
        for ((fail, fc), m) in self.fail.iter_mut().zip(&self.facets).zip(missions) {
            let mut bits = 0;
            if hidden_kind.get(fc.kind as usize) == Some(&true) {
                bits |= FAIL_KIND;
            }
            if hidden_region.get(fc.region as usize) == Some(&true) {
                bits |= FAIL_REGION;
            }
            if country_ok.get(fc.country as usize) != Some(&true) {
                bits |= FAIL_COUNTRY;
            }
            if org_hidden.get(fc.org as usize) == Some(&true) {
                bits |= FAIL_ORG;
            }
            if sender_ok.get(fc.sender as usize) != Some(&true) {
                bits |= FAIL_SENDER;
            }
            if fc.inbound && !f.show_inbound {
                bits |= FAIL_INBOUND;
            }
            if !text.matches(m) {
                bits |= FAIL_OTHER;
            }
            *fail = bits;
        }
        for (p, &i) in self.pass.iter_mut().zip(&self.order) {
            *p = self.fail.get(i as usize) == Some(&0);
        }
        self.facet_hists();
        self.node_hists();
    }

    fn facet_hists(&mut self) {
        let span = self.span;
        let fresh = |n: usize| vec![YearHist::new(span); n];
        let mut root = YearHist::new(span);
        let mut kinds = fresh(MissionKind::ALL.len());
        let mut regions = fresh(Region::ALL.len());
        let mut countries = fresh(self.countries.len());
        let mut orgs = fresh(self.orgs.len());
        let mut senders = fresh(self.senders.len());
        let mut inbound = fresh(1);
        let mut uncounted = YearHist::new(span);
        let breaks = &self.breaks;
        for ((&fail, fc), &y) in self.fail.iter().zip(&self.facets).zip(&self.years) {
            if fail == 0 {
                root.add(span, y, breaks);
                if !fc.counted {
                    uncounted.add(span, y, breaks);
                }
            }
            let add = |hists: &mut Vec<YearHist>, bit: u8, slot: usize| {
                if fail & !bit == 0
                    && let Some(h) = hists.get_mut(slot)
                {
                    h.add(span, y, breaks);
                }
            };
            add(&mut kinds, FAIL_KIND, fc.kind as usize);
            add(&mut regions, FAIL_REGION, fc.region as usize);
            add(&mut countries, FAIL_COUNTRY, fc.country as usize);
            add(&mut orgs, FAIL_ORG, fc.org as usize);
            add(&mut senders, FAIL_SENDER, fc.sender as usize);
            if fc.inbound {
                add(&mut inbound, FAIL_INBOUND, 0);
            }
        }
        root.finish(span);
        uncounted.finish(span);
        self.uncounted_hist = uncounted;
        for h in kinds
            .iter_mut()
            .chain(&mut regions)
            .chain(&mut countries)
            .chain(&mut orgs)
            .chain(&mut senders)
            .chain(&mut inbound)
        {
            h.finish(span);
        }
        self.inbound_hist = inbound.pop().unwrap_or_default();
        self.root = root;
        self.kind_hist = kinds;
        self.region_hist = regions;
        self.country_hist = countries;
        self.org_hist = orgs;
        self.sender_hist = senders;
    }

    /// Per-year counts of every big node, children first, each mission scanned once.
    fn node_hists(&mut self) {
        let w = self.span.width();
        self.node_hist = vec![0; self.nodes.len() * w];
        self.node_meta = vec![NodeMeta::default(); self.nodes.len()];
        // Nodes are numbered parents first, so children come later.
        for id in (0..self.nodes.len()).rev() {
            let Some(node) = self.nodes.get(id).cloned() else {
                continue;
            };
            let mut hist = vec![0u32; w];
            let mut meta = NodeMeta::default();
            let mut kids: Vec<u32> = node
                .children
                .iter()
                .copied()
                .filter(|&c| c != u32::MAX)
                .collect();
            kids.sort_by_key(|&c| self.nodes.get(c as usize).map_or(0, |n| n.start));
            let mut at = node.start;
            for &c in &kids {
                let Some(child) = self.nodes.get(c as usize) else {
                    continue;
                };
                self.scan_into(at, child.start, &mut hist, &mut meta);
                at = child.end;
                let from = c as usize * w;
                if let Some(src) = self.node_hist.get(from..from + w) {
                    for (d, s) in hist.iter_mut().zip(src) {
                        *d += *s;
                    }
                }
                if let Some(m) = self.node_meta.get(c as usize) {
                    meta.tally.merge(m.tally);
                    meta.sx += m.sx;
                    meta.sy += m.sy;
                }
            }
            self.scan_into(at, node.end, &mut hist, &mut meta);
            if let Some(dst) = self.node_hist.get_mut(id * w..id * w + w) {
                dst.copy_from_slice(&hist);
            }
            if let Some(m) = self.node_meta.get_mut(id) {
                *m = meta;
            }
        }
        // Per-year counts to cumulative ones, per node.
        for chunk in self.node_hist.chunks_mut(self.span.len) {
            prefix_sum(chunk);
        }
    }
}
