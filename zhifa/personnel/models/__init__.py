"""Personnel models: officers, certificates, training and exams."""

from zhifa.personnel.models.certificates import (
    AnnualReview,
    Certificate,
    CertificateEvent,
    EquivalentCertificate,
)
from zhifa.personnel.models.officers import Officer
from zhifa.personnel.models.training import (
    Attendance,
    ExamResult,
    MakeupRequirement,
    RotationYear,
    TrainingSession,
)

__all__ = [
    "AnnualReview",
    "Attendance",
    "Certificate",
    "CertificateEvent",
    "EquivalentCertificate",
    "ExamResult",
    "MakeupRequirement",
    "Officer",
    "RotationYear",
    "TrainingSession",
]
