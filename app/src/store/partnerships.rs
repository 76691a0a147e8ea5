//! Partnerships: which one a plan's partner belongs to, and the organisation's list.

use chrono::Utc;

use super::{in_write_tx, on_pool, parse, parse_opt, Db, StoreError, StoreResult};
use crate::domain::partnership::{
    match_key, PartnershipDetail, PartnershipPlan, PartnershipSummary,
};
use crate::domain::terms::{SavedTerms, Terms};
use crate::domain::PartnerKind;

/// Puts every plan partner that belongs to no partnership into its organisation's
/// partnership of the same name (case and spacing ignored) and kind, making that
/// partnership if there is none. Run at start (the partners of before partnerships) and
/// after any write that adds or renames a partner, which leaves it unassigned. Answers how
/// many partners it assigned; a second run assigns none.
pub async fn adopt(db: &Db) -> StoreResult<usize> {
    let now = Utc::now();
    Ok(in_write_tx!(db, tx => {
        let loose: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT pp.id, p.org_id, pp.name, pp.kind FROM plan_partners pp \
             JOIN plans p ON p.id = pp.plan_id WHERE pp.partnership_id IS NULL ORDER BY pp.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (partner_id, org_id, name, kind) in &loose {
            let key = match_key(name, parse::<PartnerKind>(kind)?);
            sqlx::query(
                "INSERT INTO partnerships (org_id, name, kind, match_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, match_key) DO NOTHING",
            )
            .bind(org_id)
            .bind(name.split_whitespace().collect::<Vec<_>>().join(" "))
            .bind(kind)
            .bind(&key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE plan_partners SET partnership_id = \
                 (SELECT id FROM partnerships WHERE org_id = $1 AND match_key = $2) WHERE id = $3",
            )
            .bind(org_id)
            .bind(&key)
            .bind(partner_id)
            .execute(&mut *tx)
            .await?;
            // The plan's summary counted it under no partnership: summarise it again
            // (store::portfolio), without touching the version edits compare against.
            sqlx::query(
                "UPDATE plans SET summary_version = summary_version - 1 \
                 WHERE id = (SELECT plan_id FROM plan_partners WHERE id = $1)",
            )
            .bind(partner_id)
            .execute(&mut *tx)
            .await?;
        }
        loose.len()
    }))
}

/// The organisation's partnerships by name, each with how many plans run with it.
pub async fn list(db: &Db, org_id: i64) -> StoreResult<Vec<PartnershipSummary>> {
    let rows: Vec<(i64, String, String, i64)> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT s.id, s.name, s.kind, COUNT(DISTINCT pp.plan_id) FROM partnerships s \
             LEFT JOIN plan_partners pp ON pp.partnership_id = s.id \
             WHERE s.org_id = $1 GROUP BY s.id, s.name, s.kind ORDER BY s.name, s.id",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?
    });
    rows.into_iter()
        .map(|(id, name, kind, plans)| {
            Ok(PartnershipSummary {
                id,
                name,
                kind: parse(&kind)?,
                plans,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    title: String,
    buyer_account: String,
    status: String,
    // Selected to order by: DISTINCT needs its ORDER BY in the list.
    #[allow(dead_code)]
    updated_at: chrono::DateTime<Utc>,
}

/// One partnership of the organisation with its plans, most recently updated first; a
/// partnership of another organisation is `NotFound`, like one that does not exist.
pub async fn detail(db: &Db, org_id: i64, id: i64) -> StoreResult<PartnershipDetail> {
    let head: Option<(i64, String, String)> = on_pool!(db, pool => {
        sqlx::query_as("SELECT id, name, kind FROM partnerships WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(org_id)
            .fetch_optional(pool)
            .await?
    });
    let (id, name, kind) = head.ok_or(StoreError::NotFound)?;
    let rows: Vec<PlanRow> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT DISTINCT p.id, p.title, p.buyer_account, p.status, p.updated_at FROM plans p \
             JOIN plan_partners pp ON pp.plan_id = p.id \
             WHERE pp.partnership_id = $1 AND p.org_id = $2 ORDER BY p.updated_at DESC, p.id DESC",
        )
        .bind(id)
        .bind(org_id)
        .fetch_all(pool)
        .await?
    });
    let plans = rows
        .into_iter()
        .map(|r| {
            Ok(PartnershipPlan {
                id: r.id,
                title: r.title,
                buyer_account: r.buyer_account,
                status: parse(&r.status)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let (terms, version) = terms(db, org_id, id).await?;
    let (people, tallies, (won, open)) = on_pool!(db, pool => {
        let people: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, first_name, last_name FROM people WHERE org_id = $1 \
             ORDER BY first_name, last_name, id",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?;
        let tallies: Vec<(i64, Option<String>, i64, i64)> = sqlx::query_as(
            "SELECT findings, worst, stalled, overdue FROM plan_summaries WHERE plan_id IN \
             (SELECT plan_id FROM plan_partners WHERE partnership_id = $1)",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let pipeline: (i64, i64) = sqlx::query_as(PIPELINE)
            .bind(org_id)
            .bind(terms.target_currency.clone().unwrap_or_default())
            .bind(id)
            .fetch_one(pool)
            .await?;
        (people, tallies, pipeline)
    });
    let health = super::portfolio::health_counts(&tallies);
    Ok(PartnershipDetail {
        partnership: PartnershipSummary {
            id,
            name,
            kind: parse(&kind)?,
            plans: plans.len() as i64,
        },
        plans,
        accounts: super::overlap::accounts(db, org_id, id).await?,
        terms: SavedTerms {
            version,
            terms,
            won,
            open,
        },
        people: people
            .into_iter()
            .map(|(id, first, last)| (id, format!("{first} {last}")))
            .collect(),
        health,
    })
}

type TermsRow = (
    Option<String>,
    String,
    Option<String>,
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    i64,
);

/// A partnership's terms and their version; another organisation's is `NotFound`.
pub async fn terms(db: &Db, org_id: i64, id: i64) -> StoreResult<(Terms, i64)> {
    let row: Option<TermsRow> = on_pool!(db, pool => {
        sqlx::query_as(
            "SELECT motion_front, motion_text, credit_kind, credit_text, vendor_owner_id, \
             partner_owner_id, cadence_frequency, cadence_weekday, target_amount, target_currency, \
             target_period, version FROM partnerships WHERE id = $1 AND org_id = $2",
        )
        .bind(id)
        .bind(org_id)
        .fetch_optional(pool)
        .await?
    });
    let (
        front,
        motion_text,
        credit,
        credit_text,
        vendor_owner_id,
        partner_owner_id,
        frequency,
        weekday,
        target_amount,
        target_currency,
        target_period,
        version,
    ) = row.ok_or(StoreError::NotFound)?;
    Ok((
        Terms {
            motion_front: parse_opt(front.as_deref())?,
            motion_text,
            credit_kind: parse_opt(credit.as_deref())?,
            credit_text,
            vendor_owner_id,
            partner_owner_id,
            cadence_frequency: parse_opt(frequency.as_deref())?,
            cadence_weekday: weekday,
            target_amount,
            target_currency,
            target_period,
        },
        version,
    ))
}

/// The targets of the partnership's plans in its currency ($1 the organisation, $2 the
/// currency, $3 the partnership): won, and still open (draft or active). Plans in another
/// currency are not summed (no conversion). SUM is NUMERIC on PostgreSQL: cast, so both
/// read one BIGINT.
const PIPELINE: &str =
    "SELECT CAST(COALESCE(SUM(CASE WHEN status = 'won' THEN target_amount END), 0) AS BIGINT), \
     CAST(COALESCE(SUM(CASE WHEN status IN ('draft', 'active') THEN target_amount END), 0) AS BIGINT) \
     FROM plans WHERE org_id = $1 AND target_currency = $2 AND id IN \
     (SELECT plan_id FROM plan_partners WHERE partnership_id = $3)";

/// Saves a partnership's terms if they are still at `version`: answers them with their new
/// version and the pipeline against them, read in the same transaction. Otherwise a
/// `Conflict`, so one person's save never silently replaces another's. An owner must be a
/// person of the organisation's directory.
pub async fn save_terms(
    db: &Db,
    org_id: i64,
    id: i64,
    version: i64,
    terms: &Terms,
) -> StoreResult<SavedTerms> {
    let (won, open) = in_write_tx!(db, tx => {
        for owner in [terms.vendor_owner_id, terms.partner_owner_id].into_iter().flatten() {
            if !super::has_row!(&mut *tx, "people", owner, "org_id" = org_id) {
                return Err(StoreError::Invalid(crate::domain::terms::OWNER.into()));
            }
        }
        let saved = sqlx::query(
            "UPDATE partnerships SET motion_front = $1, motion_text = $2, credit_kind = $3, \
             credit_text = $4, vendor_owner_id = $5, partner_owner_id = $6, cadence_frequency = $7, \
             cadence_weekday = $8, target_amount = $9, target_currency = $10, target_period = $11, \
             version = version + 1 WHERE id = $12 AND org_id = $13 AND version = $14",
        )
        .bind(terms.motion_front.map(|f| f.as_str()))
        .bind(&terms.motion_text)
        .bind(terms.credit_kind.map(|k| k.as_str()))
        .bind(&terms.credit_text)
        .bind(terms.vendor_owner_id)
        .bind(terms.partner_owner_id)
        .bind(terms.cadence_frequency.map(|f| f.as_str()))
        .bind(&terms.cadence_weekday)
        .bind(terms.target_amount)
        .bind(&terms.target_currency)
        .bind(&terms.target_period)
        .bind(id)
        .bind(org_id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if saved == 0 {
            return Err(match super::has_row!(&mut *tx, "partnerships", id, "org_id" = org_id) {
                true => StoreError::Conflict(crate::domain::terms::CONFLICT.into()),
                false => StoreError::NotFound,
            });
        }
        let pipeline: (i64, i64) = sqlx::query_as(PIPELINE)
            .bind(org_id)
            .bind(terms.target_currency.clone().unwrap_or_default())
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        pipeline
    });
    Ok(SavedTerms {
        version: version + 1,
        terms: terms.clone(),
        won,
        open,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NewPlan;
    use crate::store::{plans, test_db, users};

    async fn rename_partner(db: &Db, partner_id: i64, name: &str, kind: &str) {
        let sql = "UPDATE plan_partners SET name = $1, kind = $2 WHERE id = $3";
        match db {
            Db::Sqlite(sqlite) => sqlx::query(sql)
                .bind(name)
                .bind(kind)
                .bind(partner_id)
                .execute(&sqlite.write)
                .await
                .map(|_| ()),
            Db::Postgres(pool) => sqlx::query(sql)
                .bind(name)
                .bind(kind)
                .bind(partner_id)
                .execute(pool)
                .await
                .map(|_| ()),
        }
        .unwrap();
    }

    /// On a database with data from before partnerships (the schema before 0008, plans
    /// with partners), migrating makes one partnership per name and kind.
    #[tokio::test]
    async fn the_partners_of_before_become_partnerships_one_per_name_and_kind() {
        test_db::each_unmigrated(|db| async move {
            db.migrate_to(7).await.unwrap();
            let org = users::create_org_with_user(&db, "Ours", "a@o.test", "A", "h").await.unwrap().org_id;
            let other = users::create_org_with_user(&db, "Other", "o@o.test", "O", "h").await.unwrap();
            let new = |partner: &str| NewPlan {
                title: "Deal".into(),
                partner: partner.into(),
                buyer_account: "Buyer".into(),
                credit: None,
            };
            // The same partner spelled three ways, once as another kind, and once in
            // another organisation.
            let a = plans::create(&db, org, "Ann", &new("contoso   CONSULTING")).await.unwrap();
            let b = plans::create(&db, org, "Ann", &new(" Contoso consulting ")).await.unwrap();
            let c = plans::create(&db, org, "Ann", &new("Contoso Consulting")).await.unwrap();
            let theirs = plans::create(&db, other.org_id, "O", &new("Contoso Consulting")).await.unwrap();
            // Read straight from the table: the schema of before has no partnership to load.
            let marketplace: i64 = on_pool!(&db, pool => {
                sqlx::query_scalar("SELECT id FROM plan_partners WHERE plan_id = $1")
                    .bind(c)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            });
            rename_partner(&db, marketplace, "Contoso Consulting", "marketplace").await;

            db.migrate().await.unwrap();
            let ours = list(&db, org).await.unwrap();
            let contoso: Vec<_> = ours.iter().filter(|p| p.name.eq_ignore_ascii_case("contoso consulting")).collect();
            assert_eq!(contoso.len(), 2, "one reseller, one marketplace: {ours:?}");
            let reseller = contoso.iter().find(|p| p.kind == PartnerKind::Reseller).unwrap();
            assert_eq!(reseller.plans, 2, "plans a and b: {reseller:?}");
            let of = |plan: i64, org: i64| {
                let db = db.clone();
                async move {
                    let id = plans::detail(&db, org, plan).await.unwrap().partners[0].id;
                    on_pool!(&db, pool => {
                        sqlx::query_scalar::<_, Option<i64>>("SELECT partnership_id FROM plan_partners WHERE id = $1")
                            .bind(id)
                            .fetch_one(pool)
                            .await
                            .unwrap()
                    })
                }
            };
            assert_eq!(of(a, org).await, of(b, org).await);
            assert_eq!(of(a, org).await, Some(reseller.id));
            assert_ne!(of(c, org).await, of(a, org).await);
            let elsewhere = list(&db, other.org_id).await.unwrap();
            assert_eq!(elsewhere.len(), 1);
            assert_eq!(of(theirs, other.org_id).await, Some(elsewhere[0].id));
            // Every partner has one; a second run changes nothing.
            let loose: i64 = on_pool!(&db, pool => {
                sqlx::query_scalar("SELECT COUNT(*) FROM plan_partners WHERE partnership_id IS NULL").fetch_one(pool).await.unwrap()
            });
            assert_eq!(loose, 0);
            assert_eq!(adopt(&db).await.unwrap(), 0);
            assert_eq!(list(&db, org).await.unwrap(), ours);
            // Its page's plans; another organisation's partnership is not found.
            let shown = detail(&db, org, reseller.id).await.unwrap();
            let mut ids: Vec<i64> = shown.plans.iter().map(|p| p.id).collect();
            ids.sort();
            assert_eq!(ids, [a, b]);
            assert!(matches!(detail(&db, org, elsewhere[0].id).await, Err(StoreError::NotFound)));
            // Renamed to another spelling of the same partner, a plan's partner stays in
            // its partnership; renamed to a new one, it makes another.
            let partner_b = plans::detail(&db, org, b).await.unwrap().partners[0].clone();
            let rename = |from: String, to: &'static str| {
                let db = db.clone();
                async move {
                    let v = |text: &str| crate::domain::edit::parse(crate::domain::edit::Field::PartnerName, text).unwrap();
                    crate::store::edits::save_field(&db, org, "Ann", b, crate::domain::edit::Field::PartnerName, Some(partner_b.id), &v(&from), &v(to)).await.unwrap();
                    adopt(&db).await.unwrap()
                }
            };
            assert_eq!(rename(partner_b.name.clone(), "CONTOSO consulting").await, 1);
            assert_eq!(of(b, org).await, Some(reseller.id));
            assert_eq!(rename("CONTOSO consulting".into(), "Fabrikam Partners").await, 1);
            assert_ne!(of(b, org).await, Some(reseller.id));
            assert_eq!(list(&db, org).await.unwrap().len(), ours.len() + 1);
        })
        .await;
    }

    /// Terms save at the version they were read at; a second save from the same reading
    /// is a conflict and changes nothing; an owner must be of the organisation.
    #[tokio::test]
    async fn terms_save_once_per_version_and_only_with_the_organisations_people() {
        use crate::domain::terms::TermsForm;
        test_db::each(|db| async move {
            let (me, plan) = test_db::org_with_plan(&db, "Contoso").await;
            adopt(&db).await.unwrap();
            let contoso = list(&db, me.org_id).await.unwrap()[0].id;
            let (before, version) = terms(&db, me.org_id, contoso).await.unwrap();
            assert_eq!(before, Terms::default());
            let mine = TermsForm {
                motion_front: "partner".into(),
                target_amount: "750000".into(),
                target_currency: "EUR".into(),
                target_period: "2027-Q1".into(),
                ..TermsForm::default()
            }
            .read()
            .unwrap();
            let saved = save_terms(&db, me.org_id, contoso, version, &mine)
                .await
                .unwrap();
            assert_eq!(
                (saved.version, &saved.terms, saved.won, saved.open),
                (version + 1, &mine, 0, 0),
                "its plan has no target in EUR"
            );
            let next = saved.version;
            assert_eq!(
                terms(&db, me.org_id, contoso).await.unwrap(),
                (mine.clone(), next)
            );

            let theirs = Terms {
                target_amount: Some(1),
                ..mine.clone()
            };
            assert!(matches!(
                save_terms(&db, me.org_id, contoso, version, &theirs).await,
                Err(StoreError::Conflict(_))
            ));
            assert_eq!(
                terms(&db, me.org_id, contoso).await.unwrap().0,
                mine,
                "the conflict changed nothing"
            );
            assert!(matches!(
                save_terms(&db, me.org_id + 1, contoso, next, &theirs).await,
                Err(StoreError::NotFound)
            ));
            let stranger = Terms {
                vendor_owner_id: Some(999_999),
                ..mine.clone()
            };
            assert!(matches!(
                save_terms(&db, me.org_id, contoso, next, &stranger).await,
                Err(StoreError::Invalid(_))
            ));
            let detail = detail(&db, me.org_id, contoso).await.unwrap();
            assert_eq!(
                (detail.terms.version, detail.terms.terms.target_amount),
                (next, Some(750_000))
            );
            assert_eq!(
                detail.health.len(),
                crate::domain::portfolio::HealthFilter::ALL.len()
            );
            assert_eq!(
                (detail.terms.won, detail.terms.open),
                (0, 0),
                "its plan has no target in EUR"
            );

            // A save answers the pipeline against the terms it saved, read with them.
            use crate::domain::edit::{parse, Field};
            for (field, to) in [
                (Field::TargetAmount, "480000"),
                (Field::TargetCurrency, "EUR"),
            ] {
                let (from, to) = (parse(field, "").unwrap(), parse(field, to).unwrap());
                crate::store::edits::save_field(&db, me.org_id, "A", plan, field, None, &from, &to)
                    .await
                    .unwrap();
            }
            let again = save_terms(&db, me.org_id, contoso, next, &mine)
                .await
                .unwrap();
            assert_eq!(
                (again.won, again.open),
                (0, 480_000),
                "the draft plan is open pipeline"
            );
            let in_dollars = Terms {
                target_currency: Some("USD".into()),
                ..mine.clone()
            };
            let dollars = save_terms(&db, me.org_id, contoso, again.version, &in_dollars)
                .await
                .unwrap();
            assert_eq!(
                (dollars.won, dollars.open),
                (0, 0),
                "a plan in EUR is not in a pipeline in USD"
            );
        })
        .await;
    }
}
