"""Personnel models: officers, certificates, training and exams."""

from zhifa.personnel.models.certificates import (
    AnnualReview,
    Certificate,
    CertificateEvent,
    CertificateFileFiling,
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
    "CertificateFileFiling",
    "EquivalentCertificate",
    "ExamResult",
    "MakeupRequirement",
    "Officer",
    "RotationYear",
    "TrainingSession",
]
