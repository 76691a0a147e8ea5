//! Overlap files uploaded to a partnership and kept until imported (migration 0011):
//! nothing reaches the partnership's accounts before the user confirms, and an import's
//! progress is counted here as its batches commit (`overlap::import`).

use chrono::Utc;

use super::{has_row, in_write_tx, on_pool, Db, StoreError, StoreResult};

/// An upload as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Upload {
    pub id: i64,
    pub file_name: String,
    pub content: String,
    pub refused: Option<String>,
    pub state: String,
    pub total: i64,
    pub done: i64,
    pub outcome: String,
}

pub const UPLOADED: &str = "uploaded";
pub const IMPORTING: &str = "importing";
pub const IMPORTED: &str = "imported";
pub const FAILED: &str = "failed";

/// Keeps a file (its text, or why it was refused) for partnership `partnership_id` of the
/// organisation; answers its id. A partnership of another organisation is `NotFound`.
pub async fn create(
    db: &Db,
    org_id: i64,
    partnership_id: i64,
    actor: &str,
    file_name: &str,
    content: Result<String, String>,
) -> StoreResult<i64> {
    let (content, refused) = match content {
        Ok(text) => (text, None),
        Err(reason) => (String::new(), Some(reason)),
    };
    let state = if refused.is_some() { FAILED } else { UPLOADED };
    Ok(in_write_tx!(db, tx => {
        if !has_row!(&mut *tx, "partnerships", partnership_id, "org_id" = org_id) {
            return Err(StoreError::NotFound);
        }
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO overlap_uploads (org_id, partnership_id, file_name, content, refused, state, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(org_id)
        .bind(partnership_id)
        .bind(file_name)
        .bind(content)
        .bind(refused)
        .bind(state)
        .bind(actor)
        .bind(Utc::now())
        .fetch_one(&mut *tx)
        .await?
    }))
}

/// The upload `id` of the partnership, within the organisation; any other is `NotFound`.
pub async fn get(db: &Db, org_id: i64, partnership_id: i64, id: i64) -> StoreResult<Upload> {
    on_pool!(db, pool => {
        sqlx::query_as::<_, Upload>(
            "SELECT id, file_name, content, refused, state, total, done, outcome FROM overlap_uploads \
             WHERE id = $1 AND partnership_id = $2 AND org_id = $3",
        )
        .bind(id)
        .bind(partnership_id)
        .bind(org_id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)
    })
}

/// Moves an upload from uploaded to importing, with how many accounts it will write and
/// what its preview counted; false if it was not waiting (confirmed twice, or refused).
pub async fn start(db: &Db, id: i64, total: i64, outcome: &str) -> StoreResult<bool> {
    Ok(in_write_tx!(db, tx => {
        sqlx::query(
            "UPDATE overlap_uploads SET state = $1, total = $2, outcome = $3 WHERE id = $4 AND state = $5",
        )
        .bind(IMPORTING)
        .bind(total)
        .bind(outcome)
        .bind(id)
        .bind(UPLOADED)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1
    }))
}

/// Ends an import: imported, or failed with why. The file's text is dropped: it is not
/// needed any more.
pub async fn finish(db: &Db, id: i64, failure: Option<&str>) -> StoreResult<()> {
    in_write_tx!(db, tx => {
        sqlx::query(
            "UPDATE overlap_uploads SET state = $1, refused = $2, content = '' WHERE id = $3",
        )
        .bind(if failure.is_some() { FAILED } else { IMPORTED })
        .bind(failure)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{partnerships, test_db};

    #[tokio::test]
    async fn an_upload_waits_is_started_once_and_is_only_its_organisations() {
        test_db::each(|db| async move {
            let (me, _) = test_db::org_with_plan(&db, "Contoso").await;
            partnerships::adopt(&db).await.unwrap();
            let contoso = partnerships::list(&db, me.org_id).await.unwrap()[0].id;
            let id = create(
                &db,
                me.org_id,
                contoso,
                "A",
                "overlap.csv",
                Ok("Company\nAcme\n".into()),
            )
            .await
            .unwrap();
            let upload = get(&db, me.org_id, contoso, id).await.unwrap();
            assert_eq!(
                (upload.state.as_str(), upload.content.as_str()),
                (UPLOADED, "Company\nAcme\n")
            );
            assert!(matches!(
                get(&db, me.org_id + 1, contoso, id).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                create(&db, me.org_id + 1, contoso, "A", "x.csv", Ok(String::new())).await,
                Err(StoreError::NotFound)
            ));

            assert!(start(&db, id, 1, "1 0 0").await.unwrap());
            assert!(
                !start(&db, id, 1, "1 0 0").await.unwrap(),
                "a second confirmation starts nothing"
            );
            finish(&db, id, None).await.unwrap();
            let upload = get(&db, me.org_id, contoso, id).await.unwrap();
            assert_eq!(
                (
                    upload.state.as_str(),
                    upload.content.as_str(),
                    upload.outcome.as_str()
                ),
                (IMPORTED, "", "1 0 0")
            );

            let refused = create(
                &db,
                me.org_id,
                contoso,
                "A",
                "bad.csv",
                Err("Not UTF-8.".into()),
            )
            .await
            .unwrap();
            let upload = get(&db, me.org_id, contoso, refused).await.unwrap();
            assert_eq!(
                (upload.state.as_str(), upload.refused.as_deref()),
                (FAILED, Some("Not UTF-8."))
            );
            assert!(!start(&db, refused, 0, "").await.unwrap());
        })
        .await;
    }
}
