//! The nationwide catalog the load runs against.
//!
//! A catalog is one authority's (`Catalog::authority` is a single authority, and a server serves
//! one catalog), so "80 authorities with 8 officials each" is modelled as one catalog of 640
//! officials: each authority's officials are copies of the demo's eight (same reception rules),
//! with ids `a<NN>-<k>` and a capacity large enough that the fleet's leases never fill a day.

use qebul_protocol::{Catalog, LocalizedText, Official};

/// The shape of the country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub authorities: usize,
    pub officials_per_authority: usize,
    /// Each official's daily capacity.
    pub daily_capacity: u32,
}

impl Country {
    /// Room for every kiosk's lease (`places_per_kiosk` each) plus `direct` direct bookings per
    /// official and day.
    pub fn capacity_for(kiosks: usize, places_per_kiosk: u32, direct: u32) -> u32 {
        u32::try_from(kiosks)
            .unwrap_or(u32::MAX)
            .saturating_mul(places_per_kiosk)
            .saturating_add(direct)
    }
}

/// The id of authority `a`'s `k`-th official.
pub fn official_id(authority: usize, k: usize) -> String {
    format!("a{authority:02}-{k}")
}

/// The id prefix shared by authority `a`'s officials (`a07-`).
pub fn authority_prefix(authority: usize) -> String {
    format!("a{authority:02}-")
}

/// `base` (the demo catalog) grown to `country`: its officials' rules repeated for every
/// authority, everything else (topics, statuses, privileges, calendar) kept.
pub fn nationwide(base: &Catalog, country: Country) -> Catalog {
    let mut catalog = base.clone();
    catalog.capacity_overrides.clear();
    catalog.officials = (0..country.authorities)
        .flat_map(|a| {
            (0..country.officials_per_authority).filter_map(move |k| {
                let model = base.officials.get(k % base.officials.len().max(1))?;
                Some(Official {
                    id: official_id(a, k),
                    position: LocalizedText {
                        az: format!("{} ({}-ci rayon)", model.position.az, a + 1),
                        ru: model.position.ru.clone(),
                        en: model.position.en.clone(),
                    },
                    full_name: model.full_name.clone(),
                    reception: model.reception.clone(),
                    daily_capacity: country.daily_capacity,
                    room: model.room.clone(),
                })
            })
        })
        .collect();
    catalog
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighty_authorities_of_eight_officials_make_640_valid_officials() {
        let base = qebul_server::demo_catalog().unwrap();
        let country = Country {
            authorities: 80,
            officials_per_authority: 8,
            daily_capacity: Country::capacity_for(1000, 2, 500),
        };
        let catalog = nationwide(&base, country);
        assert_eq!(catalog.officials.len(), 640);
        assert_eq!(catalog.officials[9].id, "a01-1");
        assert!(catalog.officials[9].id.starts_with(&authority_prefix(1)));
        assert!(!official_id(10, 0).starts_with(&authority_prefix(1)));
        assert_eq!(catalog.officials[9].reception, base.officials[1].reception);
        assert!(catalog.officials.iter().all(|o| o.daily_capacity == 2500));
        let ids: std::collections::HashSet<_> = catalog.officials.iter().map(|o| &o.id).collect();
        assert_eq!(ids.len(), 640);
        // The kiosk's own validation accepts it.
        catalog.to_domain().unwrap();
    }
}
