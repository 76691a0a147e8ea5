//! The overlap export of an account-mapping tool (issue 13): which columns mean what, how
//! an account is recognised (its normalised domain, or its name), what each row says, and
//! what importing it would change. Pure: the file is read by `partners::overlap_csv`.

use serde::{Deserialize, Serialize};

use super::Relation;

/// The limits of one import.
pub const FILE_MAX_BYTES: usize = 10 * 1024 * 1024;
pub const ROWS_MAX: usize = 50_000;
pub const NAME_MAX: usize = 200;

/// What a column of the file can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Column {
    Company,
    Domain,
    VendorStatus,
    PartnerStatus,
    VendorOwner,
    PartnerOwner,
    Segment,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Company,
        Column::Domain,
        Column::VendorStatus,
        Column::PartnerStatus,
        Column::VendorOwner,
        Column::PartnerOwner,
        Column::Segment,
    ];

    /// Its name in a page's address and form (`map_company=0`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Company => "company",
            Column::Domain => "domain",
            Column::VendorStatus => "vendor_status",
            Column::PartnerStatus => "partner_status",
            Column::VendorOwner => "vendor_owner",
            Column::PartnerOwner => "partner_owner",
            Column::Segment => "segment",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Company => "Company name",
            Column::Domain => "Domain",
            Column::VendorStatus => "Our status",
            Column::PartnerStatus => "Partner's status",
            Column::VendorOwner => "Our owner's email",
            Column::PartnerOwner => "Partner owner's email",
            Column::Segment => "Segment",
        }
    }

    /// The header spellings account-mapping tools use for it, compared after `simplify`.
    fn spellings(self) -> &'static [&'static str] {
        match self {
            Column::Company => &[
                "company name",
                "account name",
                "company",
                "account",
                "name",
                "organization name",
                "organisation name",
            ],
            Column::Domain => &[
                "domain",
                "website",
                "company domain",
                "account domain",
                "url",
                "web site",
                "company website",
            ],
            Column::VendorStatus => &[
                "population",
                "our population",
                "status",
                "our status",
                "account status",
                "your population",
            ],
            Column::PartnerStatus => &[
                "their population",
                "partner population",
                "partner status",
                "their status",
            ],
            Column::VendorOwner => &[
                "account owner email",
                "owner email",
                "our account owner email",
                "account owner",
            ],
            Column::PartnerOwner => &[
                "their account owner email",
                "partner account owner email",
                "partner owner email",
                "their account owner",
            ],
            Column::Segment => &["segment", "account segment", "industry segment"],
        }
    }
}

/// A header as compared: lower case, words only ("Account_Owner-Email" is "account owner
/// email").
fn simplify(header: &str) -> String {
    header
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Which column of the file holds what (by index); the user may change any of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping(pub Vec<(Column, usize)>);

impl Mapping {
    /// The mapping the headers suggest: each column the first header spelled as one of its
    /// spellings; a header is used once.
    pub fn guess(headers: &[String]) -> Mapping {
        let simple: Vec<String> = headers.iter().map(|h| simplify(h)).collect();
        let mut taken = vec![false; headers.len()];
        let mut found = Vec::new();
        for column in Column::ALL {
            let hit = column.spellings().iter().find_map(|spelling| {
                simple
                    .iter()
                    .enumerate()
                    .find(|(i, h)| !taken[*i] && h == spelling)
                    .map(|(i, _)| i)
            });
            if let Some(i) = hit {
                taken[i] = true;
                found.push((column, i));
            }
        }
        Mapping(found)
    }

    pub fn index(&self, column: Column) -> Option<usize> {
        self.0.iter().find(|(c, _)| *c == column).map(|(_, i)| *i)
    }

    /// What a mapping lacks to import anything: a company name.
    pub fn check(&self, width: usize) -> Result<(), String> {
        if self.0.iter().any(|(_, i)| *i >= width) {
            return Err("A column of the mapping is not in the file.".into());
        }
        match self.index(Column::Company) {
            Some(_) => Ok(()),
            None => Err("Say which column holds the company name.".into()),
        }
    }
}

/// A website as an account is known by: no scheme, no `www.`, no path, port or query,
/// lower case. `None` for something that is no domain.
pub fn normalise_domain(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text
        .split_once("://")
        .map_or(text, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = text.rsplit_once('@').map_or(text, |(_, host)| host);
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .trim_end_matches('.');
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    (host.contains('.') && host.len() <= 253 && labels_ok).then_some(host)
}

/// An account's status on one side, as tools write it.
pub fn parse_status(text: &str) -> Result<Relation, String> {
    match simplify(text).as_str() {
        "customer" | "customers" | "client" => Ok(Relation::Customer),
        "open opportunity" | "open opportunities" | "opportunity" | "opportunities"
        | "open opp" | "pipeline" => Ok(Relation::Opportunity),
        "prospect" | "prospects" | "target" => Ok(Relation::Prospect),
        "" | "none" | "no" | "n a" => Ok(Relation::None),
        _ => Err(format!(
            "“{}” is no status we know: use customer, open opportunity or prospect.",
            text.trim()
        )),
    }
}

/// One account of the file, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlapAccount {
    pub name: String,
    pub domain: Option<String>,
    pub vendor: Relation,
    pub partner: Relation,
    pub vendor_owner: String,
    pub partner_owner: String,
    pub segment: String,
}

impl OverlapAccount {
    /// What the account is recognised by: its domain, or its name where it has none.
    pub fn key(&self) -> String {
        match &self.domain {
            Some(domain) => format!("domain:{domain}"),
            None => format!("name:{}", simplify(&self.name)),
        }
    }
}

/// A row refused, with its line in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub line: u64,
    pub reason: String,
}

fn email_or_empty(text: &str, what: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() || super::validate::email(text).is_ok() {
        Ok(text.to_lowercase())
    } else {
        Err(format!("{what} “{text}” is not an email address."))
    }
}

/// Reads one row by the mapping.
pub fn read_row(mapping: &Mapping, fields: &[String]) -> Result<OverlapAccount, String> {
    let get = |column| {
        mapping
            .index(column)
            .and_then(|i| fields.get(i))
            .map(|s| s.trim())
            .unwrap_or_default()
    };
    let name = get(Column::Company);
    if name.is_empty() {
        return Err("The company name is empty.".into());
    }
    if name.chars().count() > NAME_MAX {
        return Err(format!(
            "The company name is longer than {NAME_MAX} characters."
        ));
    }
    let domain = match get(Column::Domain) {
        "" => None,
        text => Some(
            normalise_domain(text)
                .ok_or_else(|| format!("“{text}” is not a domain or website."))?,
        ),
    };
    let segment = get(Column::Segment);
    if segment.chars().count() > NAME_MAX {
        return Err(format!("The segment is longer than {NAME_MAX} characters."));
    }
    Ok(OverlapAccount {
        name: name.split_whitespace().collect::<Vec<_>>().join(" "),
        domain,
        vendor: parse_status(get(Column::VendorStatus))?,
        partner: parse_status(get(Column::PartnerStatus))?,
        vendor_owner: email_or_empty(get(Column::VendorOwner), "Our owner's email")?,
        partner_owner: email_or_empty(get(Column::PartnerOwner), "The partner owner's email")?,
        segment: segment.to_string(),
    })
}

/// What importing would do, before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<Rejected>,
}

/// What one account of a file does to the partnership's accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    New,
    Updated,
    Unchanged,
}

/// Compares the file's accounts with the partnership's (`existing`, by key): each account
/// once, by its key, in the file's order, with what importing it does. A later row of the
/// same account wins over an earlier one, as a re-export would.
pub fn effects<'a>(
    existing: &[OverlapAccount],
    incoming: &'a [OverlapAccount],
) -> Vec<(String, &'a OverlapAccount, Effect)> {
    use std::collections::HashMap;
    let before: HashMap<String, &OverlapAccount> = existing.iter().map(|a| (a.key(), a)).collect();
    let mut latest: Vec<(String, &OverlapAccount)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for account in incoming {
        let key = account.key();
        match at.get(&key) {
            Some(&i) => latest[i].1 = account,
            None => {
                at.insert(key.clone(), latest.len());
                latest.push((key, account));
            }
        }
    }
    latest
        .into_iter()
        .map(|(key, account)| {
            let effect = match before.get(&key) {
                None => Effect::New,
                Some(old) if *old == account => Effect::Unchanged,
                Some(_) => Effect::Updated,
            };
            (key, account, effect)
        })
        .collect()
}

/// What importing would do, counted (see `effects`).
pub fn preview(
    existing: &[OverlapAccount],
    incoming: &[OverlapAccount],
    rejected: Vec<Rejected>,
) -> Preview {
    let mut result = Preview {
        rejected,
        ..Preview::default()
    };
    for (_, _, effect) in effects(existing, incoming) {
        match effect {
            Effect::New => result.new += 1,
            Effect::Updated => result.updated += 1,
            Effect::Unchanged => result.unchanged += 1,
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn common_header_spellings_are_recognised() {
        let crossbeam = Mapping::guess(&headers(&[
            "Company Name",
            "Website",
            "Population",
            "Their Population",
            "Account Owner Email",
            "Their Account Owner Email",
            "Segment",
        ]));
        assert_eq!(crossbeam.0.len(), 7);
        assert_eq!(crossbeam.index(Column::VendorStatus), Some(2));
        assert_eq!(crossbeam.index(Column::PartnerStatus), Some(3));
        assert_eq!(crossbeam.index(Column::PartnerOwner), Some(5));
        let other = Mapping::guess(&headers(&["account_name", "DOMAIN", "account-owner-email"]));
        assert_eq!(other.index(Column::Company), Some(0));
        assert_eq!(other.index(Column::Domain), Some(1));
        assert_eq!(other.index(Column::VendorOwner), Some(2));
        assert_eq!(other.check(3), Ok(()));
        assert!(Mapping::guess(&headers(&["Website"])).check(1).is_err());
        assert!(Mapping(vec![(Column::Company, 4)]).check(2).is_err());
    }

    #[test]
    fn domains_lose_scheme_www_path_and_case() {
        for (text, want) in [
            ("https://www.Contoso.com/about?x=1", Some("contoso.com")),
            ("contoso.com", Some("contoso.com")),
            ("WWW.fabrikam.co.uk:8080/", Some("fabrikam.co.uk")),
            ("http://user@tailspin.io#top", Some("tailspin.io")),
            ("localhost", None),
            ("not a domain.com", None),
            ("", None),
        ] {
            assert_eq!(normalise_domain(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn a_row_reads_by_the_mapping_or_says_why_not() {
        let mapping = Mapping::guess(&headers(&[
            "Account Name",
            "Domain",
            "Population",
            "Their Population",
        ]));
        let row = |fields: &[&str]| read_row(&mapping, &headers(fields));
        let account = row(&[
            "  Contoso   Ltd ",
            "https://contoso.com",
            "Customer",
            "open opportunity",
        ])
        .unwrap();
        assert_eq!(account.name, "Contoso Ltd");
        assert_eq!(account.domain.as_deref(), Some("contoso.com"));
        assert_eq!(
            (account.vendor, account.partner),
            (Relation::Customer, Relation::Opportunity)
        );
        assert!(row(&["", "x.com", "", ""]).unwrap_err().contains("name"));
        assert!(row(&["A", "not a domain", "", ""])
            .unwrap_err()
            .contains("domain"));
        assert!(row(&["A", "", "maybe", ""]).unwrap_err().contains("status"));
        assert!(row(&["A"]).is_ok(), "missing trailing fields are empty");
    }

    #[test]
    fn the_preview_counts_new_updated_and_unchanged_and_a_reimport_changes_nothing() {
        let mapping = Mapping::guess(&headers(&["Company Name", "Domain", "Population"]));
        let read = |rows: &[[&str; 3]]| -> Vec<OverlapAccount> {
            rows.iter()
                .map(|r| read_row(&mapping, &headers(r)).unwrap())
                .collect()
        };
        let existing = read(&[
            ["Contoso", "contoso.com", "customer"],
            ["Fabrikam", "", "prospect"],
        ]);
        let incoming = read(&[
            ["Contoso", "www.contoso.com", "customer"],
            ["FABRIKAM", "", "customer"],
            ["Tailspin", "tailspin.io", "prospect"],
        ]);
        let shown = preview(&existing, &incoming, vec![]);
        assert_eq!((shown.new, shown.updated, shown.unchanged), (1, 1, 1));
        let again = preview(&incoming, &incoming, vec![]);
        assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 3));
    }
}
