//! Organisations and their users.

use chrono::Utc;

use super::{in_write_tx, on_pool, Db, StoreError, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub org_id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrgUser {
    pub id: i64,
    pub org_id: i64,
    pub email: String,
    pub display_name: String,
    pub org_name: String,
}

const ORG_USER: &str = "SELECT u.id, u.org_id, u.email, u.display_name, o.name AS org_name \
     FROM users u JOIN organisations o ON o.id = u.org_id";

/// Creates an organisation with its first user. The email must be free.
pub async fn create_org_with_user(
    db: &Db,
    org_name: &str,
    email: &str,
    display_name: &str,
    password_hash: &str,
) -> StoreResult<OrgUser> {
    let now = Utc::now();
    let user_id: i64 = in_write_tx!(db, tx => {
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict("An account with that email already exists.".into()));
        }
        let org_id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING id",
        )
        .bind(org_name)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query_scalar(
            "INSERT INTO users (org_id, email, display_name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org_id)
        .bind(email)
        .bind(display_name)
        .bind(password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
    });
    user_by_id(db, user_id).await?.ok_or(StoreError::NotFound)
}

/// Adds a user to an existing organisation (`coplan create-user`).
pub async fn add_user(
    db: &Db,
    org_id: i64,
    email: &str,
    display_name: &str,
    password_hash: &str,
) -> StoreResult<OrgUser> {
    let inserted: Option<i64> = in_write_tx!(db, tx => {
        sqlx::query_scalar(
            "INSERT INTO users (org_id, email, display_name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(org_id)
        .bind(email)
        .bind(display_name)
        .bind(password_hash)
        .bind(Utc::now())
        .fetch_optional(&mut *tx)
        .await?
    });
    let user_id = inserted
        .ok_or_else(|| StoreError::Conflict("An account with that email already exists.".into()))?;
    user_by_id(db, user_id).await?.ok_or(StoreError::NotFound)
}

pub async fn user_for_login(db: &Db, email: &str) -> StoreResult<Option<UserRow>> {
    Ok(on_pool!(db, pool => {
        sqlx::query_as::<_, UserRow>(
            "SELECT id, org_id, email, display_name, password_hash FROM users WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(pool)
        .await?
    }))
}

pub async fn user_by_id(db: &Db, id: i64) -> StoreResult<Option<OrgUser>> {
    Ok(on_pool!(db, pool => {
        sqlx::query_as::<_, OrgUser>(&format!("{ORG_USER} WHERE u.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?
    }))
}

/// Every organisation of that name, oldest first: names are not unique (two companies
/// may both sign up as "Acme"), so a caller that needs one must see if there are more.
pub async fn orgs_named(db: &Db, name: &str) -> StoreResult<Vec<i64>> {
    Ok(on_pool!(db, pool => {
        sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1 ORDER BY id")
            .bind(name)
            .fetch_all(pool)
            .await?
    }))
}

pub async fn org_exists(db: &Db, id: i64) -> StoreResult<bool> {
    Ok(on_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
    })
    .is_some())
}

/// The oldest organisation of that name (the demo's, in tests).
pub async fn org_by_name(db: &Db, name: &str) -> StoreResult<Option<i64>> {
    Ok(orgs_named(db, name).await?.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_db;

    #[tokio::test]
    async fn signup_creates_org_and_user_and_refuses_a_taken_email() {
        test_db::each(|db| async move {
            let user = create_org_with_user(&db, "Northwind", "a@n.test", "A", "hash")
                .await
                .unwrap();
            assert_eq!(user.org_name, "Northwind");
            assert_eq!(user.email, "a@n.test");

            let login = user_for_login(&db, "a@n.test").await.unwrap().unwrap();
            assert_eq!(login.password_hash, "hash");
            assert_eq!(login.org_id, user.org_id);

            let again = create_org_with_user(&db, "Other", "a@n.test", "B", "h").await;
            assert!(matches!(again, Err(StoreError::Conflict(_))));
            let twice = add_user(&db, user.org_id, "a@n.test", "B", "h").await;
            assert!(matches!(twice, Err(StoreError::Conflict(_))));

            let colleague = add_user(&db, user.org_id, "b@n.test", "B", "h")
                .await
                .unwrap();
            assert_eq!(colleague.org_id, user.org_id);
            assert_eq!(
                org_by_name(&db, "Northwind").await.unwrap(),
                Some(user.org_id)
            );
            // A second "Northwind" is its own organisation; both are found by name.
            let namesake = create_org_with_user(&db, "Northwind", "c@other.test", "C", "h")
                .await
                .unwrap();
            assert_ne!(namesake.org_id, user.org_id);
            assert_eq!(
                orgs_named(&db, "Northwind").await.unwrap(),
                [user.org_id, namesake.org_id]
            );
            assert!(org_exists(&db, namesake.org_id).await.unwrap());
            assert!(!org_exists(&db, namesake.org_id + 100).await.unwrap());
            assert!(user_for_login(&db, "nobody@n.test")
                .await
                .unwrap()
                .is_none());
        })
        .await;
    }
}
