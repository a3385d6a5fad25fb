//! Why a training program or a rollout plan was refused: one kind per rule, each naming its
//! message (`error.<code>`) and the field it concerns.

use crate::web::error::AppError;

/// A refused program or plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TrainingError {
    /// A name is required, at most 200 characters.
    #[error("training_name")]
    Name,
    /// A topic is required, at most 200 characters.
    #[error("training_topic")]
    Topic,
    /// At least one target element, each `U1`..`U9`.
    #[error("training_elements")]
    Elements,
    /// At least one unit.
    #[error("training_units")]
    Units,
    /// Between 1 and 100,000 participants.
    #[error("training_participants")]
    Participants,
    /// A date that is not `YYYY-MM-DD`, in `field`.
    #[error("training_date")]
    Date { field: &'static str },
    /// The end comes before the start.
    #[error("training_dates_order")]
    DatesOrder,
    /// A rollout draws from at least two units.
    #[error("rollout_units")]
    RolloutUnits,
    /// Two to the most waves, each in a later month, spanning months, within three years.
    #[error("rollout_waves")]
    RolloutWaves,
    /// The first wave is today or earlier: a draw made after the training began decides
    /// nothing.
    #[error("rollout_started")]
    RolloutStarted,
}

impl TrainingError {
    /// The stable code (the message key `error.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            TrainingError::Name => "training_name",
            TrainingError::Topic => "training_topic",
            TrainingError::Elements => "training_elements",
            TrainingError::Units => "training_units",
            TrainingError::Participants => "training_participants",
            TrainingError::Date { .. } => "training_date",
            TrainingError::DatesOrder => "training_dates_order",
            TrainingError::RolloutUnits => "rollout_units",
            TrainingError::RolloutWaves => "rollout_waves",
            TrainingError::RolloutStarted => "rollout_started",
        }
    }

    /// The field it concerns.
    pub fn field(self) -> &'static str {
        match self {
            TrainingError::Name => "name",
            TrainingError::Topic => "topic",
            TrainingError::Elements => "target_elements",
            TrainingError::Units => "unit_codes",
            TrainingError::Participants => "participants",
            TrainingError::Date { field } => field,
            TrainingError::DatesOrder => "end_date",
            TrainingError::RolloutUnits => "units",
            TrainingError::RolloutWaves | TrainingError::RolloutStarted => "waves",
        }
    }
}

impl From<TrainingError> for AppError {
    fn from(e: TrainingError) -> AppError {
        AppError::invalid(e.code(), e.field())
    }
}
