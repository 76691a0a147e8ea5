//! A partnership's target accounts, as imported from overlap exports: read them, and
//! write an import's accounts in place (new ones added, changed ones updated, the same
//! left alone), in short transactions so other writes go on between them.

use chrono::Utc;

use super::{has_row, in_write_tx, on_pool, parse, Db, StoreError, StoreResult};
use crate::domain::overlap::{effects, Effect, OverlapAccount};

/// Accounts written per transaction: a large import lets other writers in between.
const BATCH: usize = 500;

#[derive(sqlx::FromRow)]
struct Row {
    name: String,
    domain: Option<String>,
    vendor_relation: String,
    partner_relation: String,
    vendor_owner: String,
    partner_owner: String,
    segment: String,
}

/// The partnership's accounts by name; a partnership of another organisation is
/// `NotFound`.
pub async fn accounts(
    db: &Db,
    org_id: i64,
    partnership_id: i64,
) -> StoreResult<Vec<OverlapAccount>> {
    let rows: Vec<Row> = on_pool!(db, pool => {
        if !has_row!(pool, "partnerships", partnership_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        sqlx::query_as(
            "SELECT name, domain, vendor_relation, partner_relation, vendor_owner, partner_owner, segment \
             FROM partnership_accounts WHERE partnership_id = $1 ORDER BY name, id",
        )
        .bind(partnership_id)
        .fetch_all(pool)
        .await?
    });
    rows.into_iter()
        .map(|r| {
            Ok(OverlapAccount {
                name: r.name,
                domain: r.domain,
                vendor: parse(&r.vendor_relation)?,
                partner: parse(&r.partner_relation)?,
                vendor_owner: r.vendor_owner,
                partner_owner: r.partner_owner,
                segment: r.segment,
            })
        })
        .collect()
}

/// Writes an import's accounts (the last row of an account wins); answers how many it
/// wrote, new or changed. Importing the same accounts again writes none. Each batch is a
/// transaction of its own, so other writers go between them; with `upload`, each batch
/// also counts its accounts as done there, so the upload's page shows the progress.
pub async fn import(
    db: &Db,
    org_id: i64,
    partnership_id: i64,
    incoming: &[OverlapAccount],
    upload: Option<i64>,
) -> StoreResult<usize> {
    let existing = accounts(db, org_id, partnership_id).await?;
    let changed: Vec<(String, &OverlapAccount, Effect)> = effects(&existing, incoming)
        .into_iter()
        .filter(|(_, _, effect)| *effect != Effect::Unchanged)
        .collect();
    let now = Utc::now();
    for batch in changed.chunks(BATCH) {
        in_write_tx!(db, tx => {
            if !has_row!(&mut *tx, "partnerships", partnership_id, "org_id" = org_id) {
                return Err(StoreError::NotFound);
            }
            for (key, a, _) in batch {
                sqlx::query(
                    "INSERT INTO partnership_accounts (partnership_id, match_key, name, domain, vendor_relation, \
                     partner_relation, vendor_owner, partner_owner, segment, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (partnership_id, match_key) DO UPDATE SET name = $3, domain = $4, \
                     vendor_relation = $5, partner_relation = $6, vendor_owner = $7, partner_owner = $8, \
                     segment = $9, updated_at = $10",
                )
                .bind(partnership_id)
                .bind(key)
                .bind(&a.name)
                .bind(&a.domain)
                .bind(a.vendor.as_str())
                .bind(a.partner.as_str())
                .bind(&a.vendor_owner)
                .bind(&a.partner_owner)
                .bind(&a.segment)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            if let Some(upload) = upload {
                sqlx::query("UPDATE overlap_uploads SET done = done + $1 WHERE id = $2")
                    .bind(batch.len() as i64)
                    .bind(upload)
                    .execute(&mut *tx)
                    .await?;
            }
        });
    }
    Ok(changed.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::overlap::{preview, read_row, Mapping};
    use crate::store::{partnerships, test_db, users};

    fn rows(lines: &[[&str; 4]]) -> Vec<OverlapAccount> {
        let headers: Vec<String> = ["Company Name", "Domain", "Population", "Their Population"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mapping = Mapping::guess(&headers);
        lines
            .iter()
            .map(|l| {
                read_row(
                    &mapping,
                    &l.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                )
                .unwrap()
            })
            .collect()
    }

    #[tokio::test]
    async fn an_import_adds_and_updates_by_domain_or_name_and_a_reimport_writes_nothing() {
        test_db::each(|db| async move {
            let (me, _) = test_db::org_with_plan(&db, "Contoso").await;
            partnerships::adopt(&db).await.unwrap();
            let contoso = partnerships::list(&db, me.org_id).await.unwrap()[0].id;

            let first = rows(&[
                [
                    "Fabrikam",
                    "https://www.fabrikam.com/",
                    "customer",
                    "prospect",
                ],
                ["Tailspin", "", "prospect", "customer"],
            ]);
            assert_eq!(
                import(&db, me.org_id, contoso, &first, None).await.unwrap(),
                2
            );
            assert_eq!(accounts(&db, me.org_id, contoso).await.unwrap(), {
                let mut sorted = first.clone();
                sorted.sort_by(|a, b| a.name.cmp(&b.name));
                sorted
            });
            // The same file again: nothing written, and the preview says so.
            assert_eq!(
                import(&db, me.org_id, contoso, &first, None).await.unwrap(),
                0
            );
            let stored = accounts(&db, me.org_id, contoso).await.unwrap();
            let shown = preview(&stored, &first, vec![]);
            assert_eq!((shown.new, shown.updated, shown.unchanged), (0, 0, 2));

            // Matched by domain whatever its spelling, by name where there is none.
            let second = rows(&[
                [
                    "Fabrikam Inc.",
                    "fabrikam.com",
                    "customer",
                    "open opportunity",
                ],
                ["TAILSPIN", "", "prospect", "customer"],
                ["Litware", "litware.io", "prospect", "prospect"],
            ]);
            assert_eq!(
                import(&db, me.org_id, contoso, &second, None)
                    .await
                    .unwrap(),
                3
            );
            let stored = accounts(&db, me.org_id, contoso).await.unwrap();
            assert_eq!(stored.len(), 3);
            let fabrikam = stored
                .iter()
                .find(|a| a.domain.as_deref() == Some("fabrikam.com"))
                .unwrap();
            assert_eq!(fabrikam.name, "Fabrikam Inc.");
            assert_eq!(fabrikam.partner, crate::domain::Relation::Opportunity);

            // Another organisation can neither read nor write them.
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h")
                .await
                .unwrap();
            assert!(matches!(
                accounts(&db, other.org_id, contoso).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                import(&db, other.org_id, contoso, &first, None).await,
                Err(StoreError::NotFound)
            ));
        })
        .await;
    }
}
