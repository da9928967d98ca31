"""The registry's tables. Private to the app: other code goes through ``trainer_registry.api``."""

from trainer_registry.models.access import AuditAction, AuditEvent, Role, RoleGrant
from trainer_registry.models.followup import (
    Allocation,
    CampaignMember,
    CampaignStatus,
    Channel,
    Design,
    Disposition,
    FollowUpCampaign,
    FollowUpResponse,
    Invitation,
    LeavingReasonAnswer,
    StillInRole,
    UseOfTraining,
)
from trainer_registry.models.people import (
    LeavingReason,
    Organisation,
    Person,
    PositionSpell,
    Sector,
    Sex,
)
from trainer_registry.models.trainings import (
    Participation,
    ParticipationRole,
    Programme,
    ProgrammeKind,
    TrainingEvent,
)

__all__ = [
    "Allocation",
    "AuditAction",
    "AuditEvent",
    "CampaignMember",
    "CampaignStatus",
    "Channel",
    "Design",
    "Disposition",
    "FollowUpCampaign",
    "FollowUpResponse",
    "Invitation",
    "LeavingReason",
    "LeavingReasonAnswer",
    "Organisation",
    "Participation",
    "ParticipationRole",
    "Person",
    "PositionSpell",
    "Programme",
    "ProgrammeKind",
    "Role",
    "RoleGrant",
    "Sector",
    "Sex",
    "StillInRole",
    "TrainingEvent",
    "UseOfTraining",
]
