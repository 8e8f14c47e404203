"""Enumerations of the personnel app (names from ../shared/spec/glossary.md §10)."""

from django.db import models


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class StaffingType(models.TextChoices):
    """人员身份 — the eligibility attribute for certificates (R-1.7-03, R-3.1-09, R-3.1-10)."""

    CIVIL_SERVANT = "civil_servant", "在编在岗公务员"
    MANAGED_AS_CIVIL_SERVANT = "managed_as_civil_servant", "参照公务员法管理人员"
    STATE_CADRE = "state_cadre", "具有国家干部身份人员"
    PUBLIC_INSTITUTION = "public_institution", "事业编制人员"
    CONTRACT_CIVIL_SERVANT = "contract_civil_servant", "聘用制公务员"
    CONTRACT_WORKER = "contract_worker", "聘用合同工"
    TEMPORARY_WORKER = "temporary_worker", "临时工"
    AUXILIARY = "auxiliary", "行政执法辅助人员"


class CertificateStatus(models.TextChoices):
    """行政执法证 status (R-1.7-09, R-1.7-10, R-1.11-05). Only VALID lets the holder act."""

    APPLIED = "applied", "已申领"  # application sent to the province through the Justice Bureau
    ISSUED = "issued", "已制发"  # issued by the province, not yet handed over and activated
    VALID = "valid", "有效"
    WITHHELD = "withheld", "暂扣"  # temporarily withheld (R-1.7-10, R-1.11-05)
    REVOKED = "revoked", "吊销"  # final (R-1.7-10)
    CANCELLED = "cancelled", "注销"  # final (R-1.11-05)
    SURRENDERED_CANCELLED = "surrendered_cancelled", "缴销"  # final (4.7 §3)
    REPORTED_LOST = "reported_lost", "已报失"  # loss or damage reported (R-1.7-09)
    VOID = "void", "已声明作废"  # declared void; a replacement may be applied for (R-1.7-09)
    INVALID = "invalid", "年审未通过（无效）"  # failed or missed annual review (R-1.7-07)
    REFUSED = "refused", "申领未获批准"  # the application was refused


class TrainingKind(models.TextChoices):
    INDUCTION = "induction", "入职培训"  # system 1.10
    ROTATION = "rotation", "定期轮训"  # system 1.11
    QUALIFICATION = "qualification", "资格培训考试"  # R-1.7-03 (c): public + professional law


class TrainingFormat(models.TextChoices):
    """Training formats (R-1.10-04, R-1.11-02)."""

    LECTURE = "lecture", "专题讲座"
    SEMINAR = "seminar", "研讨"
    STUDY_VISIT = "study_visit", "考察"
    MEETING = "meeting", "以会代训"
    CASE_BASED = "case_based", "以案释法"
    ONLINE = "online", "网络学习"
    OBSERVATION = "observation", "实地观摩"
    CENTRALISED = "centralised", "集中学习"


class ExamSubject(models.TextChoices):
    """What an exam tests (R-1.7-03 (c), R-1.10-05, R-1.11-04)."""

    INDUCTION = "induction", "入职培训考核"
    ROTATION = "rotation", "轮训考试"
    PUBLIC_LAW = "public_law", "公共法律知识"
    PROFESSIONAL_LAW = "professional_law", "专业法律知识"


class ExamAttempt(models.IntegerChoices):
    """One regular exam and one make-up (R-1.11-05)."""

    REGULAR = 1, "正考"
    MAKEUP = 2, "补考"


class FilingStatus(models.TextChoices):
    """An equivalent certificate or a certificate file filed with the Justice Bureau."""

    SUBMITTED = "submitted", "已报备"
    ACCEPTED = "accepted", "已备案"
    RETURNED = "returned", "退回"


# R-1.11-04: a 100-point exam; 60 passes.
EXAM_FULL_MARKS = 100
EXAM_PASS_MARK = 60
# R-1.11-03: each rotation session counts only with at least 8 class hours.
ROTATION_MIN_CLASS_HOURS = 8
