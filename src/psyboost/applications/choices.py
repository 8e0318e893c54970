"""The closed lists of the 2020 form: 单位性质, 学历, 心理资质, 是/否, and the attachment kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitNature(models.TextChoices):
    GOVERNMENT = "government", _("党政机关")
    INSTITUTION = "institution", _("事业单位")
    STATE_OWNED = "state_owned", _("国有企业")
    PRIVATE = "private", _("民营企业")
    FOREIGN = "foreign", _("外资企业")
    SOCIAL_ORGANIZATION = "social_organization", _("社会组织")
    OTHER = "other", _("其他")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("本科")
    COLLEGE = "college", _("大专")
    SECONDARY = "secondary", _("中专/高中")
    OTHER = "other", _("其他")


class Qualification(models.TextChoices):
    COUNSELOR_2 = "counselor_2", _("国家二级心理咨询师")
    COUNSELOR_3 = "counselor_3", _("国家三级心理咨询师")
    THERAPIST = "therapist", _("心理治疗师")
    CPS_REGISTERED = "cps_registered", _("中国心理学会注册心理师")
    SUPERVISOR = "supervisor", _("注册督导师")
    PSYCHOLOGY_DEGREE = "psychology_degree", _("心理学专业学历")
    OTHER = "other", _("其他")
    NONE = "none", _("无")


YES_NO = [(True, _("是")), (False, _("否"))]


class AttachmentKind(models.TextChoices):
    SITE_PHOTO = "site_photo", _("场地照片")
    EQUIPMENT_PHOTO = "equipment_photo", _("设备照片")
    ACTIVITY_VIDEO = "activity_video", _("活动短视频")
    SCREENSHOT = "screenshot", _("其他截图")
    SIGNED_SCAN = "signed_scan", _("签字盖章页扫描件")
