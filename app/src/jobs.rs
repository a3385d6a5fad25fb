//! Scheduled work shared by every instance: each daily run claims its day in `job_runs`,
//! so with several instances behind a load balancer only one does it.

use crate::entities::job_run;
use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

/// Claims `name` for `day`; `false` when this or another instance already ran it.
pub async fn claim(db: &impl ConnectionTrait, name: &str, day: NaiveDate) -> Result<bool, DbErr> {
    let n = job_run::Entity::insert(job_run::ActiveModel {
        name: Set(name.into()),
        day: Set(day),
        at: Set(crate::clock::now()),
    })
    .on_conflict(
        OnConflict::columns([job_run::Column::Name, job_run::Column::Day])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(n == 1)
}
