use proptest::prelude::*;

use super::*;
use crate::domain::overlap::preview;
use crate::domain::Relation;

fn table(text: &[u8]) -> Table {
    read(text).expect("the file reads")
}

#[test]
fn a_bom_quotes_with_commas_and_newlines_and_crlf_are_read_as_written() {
    let file = b"\xEF\xBB\xBFCompany Name,Website,Population\r\n\"Contoso, Ltd\",contoso.com,Customer\r\n\"Fabrikam\r\nEurope\",https://www.fabrikam.eu/,\"open opportunity\"\r\n\r\n";
    let read = table(file);
    assert_eq!(
        read.headers,
        ["Company Name", "Website", "Population"],
        "no BOM in the first header"
    );
    assert_eq!(read.rows.len(), 2, "the blank line is skipped");
    let (mapping, accounts, rejected) = accounts(&read, None).unwrap();
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(
        mapping.index(crate::domain::overlap::Column::Domain),
        Some(1)
    );
    assert_eq!(accounts[0].name, "Contoso, Ltd");
    assert_eq!(
        accounts[1].name, "Fabrikam Europe",
        "the newline in a quoted field is a space"
    );
    assert_eq!(accounts[1].domain.as_deref(), Some("fabrikam.eu"));
    assert_eq!(accounts[1].vendor, Relation::Opportunity);
}

#[test]
fn a_bad_row_is_refused_with_its_line_and_the_rest_kept() {
    let file = b"Account Name,Domain,Population\nContoso,contoso.com,customer\n,nameless.com,customer\nTailspin,tailspin.io,maybe\nLitware,litware.com,prospect\n";
    let (_, good, rejected) = accounts(&table(file), None).unwrap();
    assert_eq!(good.len(), 2);
    assert_eq!(rejected.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4]);
    assert!(
        rejected[1].reason.contains("maybe"),
        "{}",
        rejected[1].reason
    );
}

#[test]
fn another_encoding_is_refused_with_what_to_do() {
    // "Société" in Latin-1.
    let error = read(b"Company Name\nSoci\xE9t\xE9 G\xE9n\xE9rale\n").unwrap_err();
    assert!(
        error.contains("not UTF-8") && error.contains("CSV UTF-8"),
        "{error}"
    );
}

#[test]
fn a_file_without_a_company_column_asks_for_the_mapping() {
    let read = table(b"Website,Population\ncontoso.com,customer\n");
    let error = accounts(&read, None).unwrap_err();
    assert!(error.contains("company name"), "{error}");
    let fixed = Mapping(vec![(crate::domain::overlap::Column::Company, 0)]);
    let (_, good, _) = accounts(&read, Some(fixed)).unwrap();
    assert_eq!(good[0].name, "contoso.com");
}

#[test]
fn each_limit_just_under_and_just_over() {
    let header = "Company Name\n";
    let rows = |n: usize| {
        let mut text = String::from(header);
        for i in 0..n {
            text.push_str(&format!("Account {i}\n"));
        }
        text
    };
    assert_eq!(table(rows(ROWS_MAX).as_bytes()).rows.len(), ROWS_MAX);
    let error = read(rows(ROWS_MAX + 1).as_bytes()).unwrap_err();
    assert!(error.contains("50000 rows"), "{error}");

    let line = "A,b.com\n";
    let mut big = String::from("Company Name,Domain\n");
    while big.len() + line.len() <= FILE_MAX_BYTES {
        big.push_str(line);
    }
    big.push_str(&"x".repeat(FILE_MAX_BYTES - big.len()));
    assert_eq!(big.len(), FILE_MAX_BYTES);
    // Just under the size limit, it is the row count that stops it: the size passes.
    let error = read(big.as_bytes()).unwrap_err();
    assert!(error.contains("rows"), "{error}");
    big.push('x');
    let error = read(big.as_bytes()).unwrap_err();
    assert!(error.contains("10 MB"), "{error}");
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let file = b"Company Name,Domain,Population,Their Population\nContoso,contoso.com,customer,prospect\nFabrikam,,prospect,customer\n";
    let (_, first, _) = accounts(&table(file), None).unwrap();
    let again = preview(&first, &first, vec![]);
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 2));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any bytes at all: read or refused with a message, never a panic.
    #[test]
    fn any_bytes_are_read_or_refused_clearly(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        match read(&bytes) {
            Ok(table) => {
                if let Ok((_, good, rejected)) = accounts(&table, None) {
                    prop_assert_eq!(good.len() + rejected.len(), table.rows.len());
                    prop_assert!(rejected.iter().all(|r| !r.reason.is_empty()));
                }
            }
            Err(message) => prop_assert!(!message.is_empty()),
        }
    }

    /// Any rows of any text, written out by the csv crate: every row is either an account
    /// or refused with its line, and the names read back as written (spaces folded).
    #[test]
    fn any_rows_round_trip_or_are_refused_by_line(rows in proptest::collection::vec(
        ("[^\u{0}]{0,40}", "[a-z]{1,10}\\.(com|io)|", "customer|prospect|open opportunity|other"), 0..40)
    ) {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["Company Name", "Domain", "Population"]).unwrap();
        for (name, domain, status) in &rows {
            writer.write_record([name.as_str(), domain.as_str(), status.as_str()]).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let table = read(&bytes).unwrap();
        let (_, good, rejected) = accounts(&table, None).unwrap();
        let blank = rows.iter().filter(|(n, d, s)| n.trim().is_empty() && d.is_empty() && s.trim().is_empty()).count();
        prop_assert_eq!(good.len() + rejected.len() + blank, rows.len());
        for account in &good {
            prop_assert!(rows.iter().any(|(name, _, _)| name.split_whitespace().collect::<Vec<_>>().join(" ") == account.name));
        }
    }
}

#[test]
fn a_rejected_rows_line_counts_crlf_and_blank_lines_as_lines() {
    let file = b"\xEF\xBB\xBFAccount Name,Website,Population\r\nAcme,acme.test,customer\r\nGlobex,globex.test,customer\r\nInitech,initech.test,someday\r\n";
    let (_, good, rejected) = accounts(&table(file), None).unwrap();
    assert_eq!(good.len(), 2);
    assert_eq!(rejected.iter().map(|r| r.line).collect::<Vec<_>>(), [4]);
    // After a blank line, and LF alone, likewise.
    let file = b"Account Name,Website,Population\nAcme,acme.test,customer\n\nInitech,initech.test,someday\n";
    let (_, _, rejected) = accounts(&table(file), None).unwrap();
    assert_eq!(rejected.iter().map(|r| r.line).collect::<Vec<_>>(), [4]);
}
