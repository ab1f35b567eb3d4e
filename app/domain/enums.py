"""Domain vocabulary: each enum's members are glossary identifiers, each with its one Chinese label."""

from __future__ import annotations

from enum import StrEnum


class Labeled(StrEnum):
    """A StrEnum whose members carry the Chinese label shown in the app and on paper."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Labeled:  # label optional only for mypy: E(value) looks up
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def from_label(cls, text: str) -> Labeled | None:
        text = text.strip()
        for item in cls:
            if text in (item.label, item.value):
                return item
        return None

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(item.value, item.label) for item in cls]


class OrgKind(Labeled):
    PARTY_COMMITTEE = "party_committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"
    PARTY_GROUP = "party_group", "党小组"

    @property
    def is_branch(self) -> bool:
        """What counts as a branch: 党支部 and 联合党支部 (see BRANCH_KINDS, the one definition)."""
        return self in BRANCH_KINDS


# What counts as a branch (党支部, 联合党支部): it holds 三会一课, has members and a 支委会, may hold party
# groups. Members compare equal to their string values, so `kind in BRANCH_KINDS` works for a column value.
BRANCH_KINDS: frozenset[OrgKind] = frozenset({OrgKind.BRANCH, OrgKind.JOINT_BRANCH})


class PostKind(Labeled):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    ORGANIZATION_OFFICER = "organization_officer", "组织委员"
    PUBLICITY_OFFICER = "publicity_officer", "宣传委员"
    DISCIPLINE_OFFICER = "discipline_officer", "纪检委员"
    YOUTH_OFFICER = "youth_officer", "青年委员"
    UNITED_FRONT_OFFICER = "united_front_officer", "统战委员"
    COMMITTEE_MEMBER = "committee_member", "委员"
    GROUP_LEADER = "group_leader", "党小组组长"


class Gender(Labeled):
    MALE = "male", "男"
    FEMALE = "female", "女"


class MemberCategory(Labeled):
    """Development stage, in order: applicant → activist → candidate → probationary → full."""

    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"

    @property
    def is_party_member(self) -> bool:
        return self in (MemberCategory.PROBATIONARY, MemberCategory.FULL)


class MemberStatus(Labeled):
    """Whether a person is on the roster; leaving is a status change, never a deletion."""

    ACTIVE = "active", "在册"
    TRANSFERRED_OUT = "transferred_out", "转出"
    SUSPENDED = "suspended", "停止党籍"
    REMOVED = "removed", "出党/除名"
    DECEASED = "deceased", "去世"


class BackboneLevel(Labeled):
    """双培养: backbone-teacher levels schools record."""

    NONE = "none", "无"
    SCHOOL = "school", "校级骨干教师"
    COUNTY = "county", "县级骨干教师"
    CITY = "city", "市级骨干教师"
    PROVINCE = "province", "省级骨干教师"
    SUBJECT_LEADER = "subject_leader", "学科带头人"
    TEACHING_EXPERT = "teaching_expert", "教学能手"
    MASTER_TEACHER = "master_teacher", "名师"


class MeetingKind(Labeled):
    GENERAL_ASSEMBLY = "general_assembly", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支部委员会会议"
    GROUP_MEETING = "group_meeting", "党小组会"
    PARTY_LECTURE = "party_lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    MEMBER_REVIEW = "member_review", "民主评议党员"
    TALK = "talk", "谈心谈话"


class AttendanceStatus(Labeled):
    PRESENT = "present", "出席"
    ABSENT = "absent", "缺席"
    OBSERVER = "observer", "列席"
    EXCUSED = "excused", "不计应到"  # 经上级党组织同意不计入应到人数 (党员大会)


class AbsenceReason(Labeled):
    SICK_LEAVE = "sick_leave", "病假"
    PERSONAL_LEAVE = "personal_leave", "事假"
    OFFICIAL_LEAVE = "official_leave", "公假"
    UNEXCUSED = "unexcused", "无故缺席"
    FRAIL = "frail", "年老体弱/卧床"  # excused from 应到 with the upper organization's consent
    AWAY = "away", "外出半年以上"  # excused from 应到 with the upper organization's consent


class VoteKind(Labeled):
    """Whether a meeting voted or decided, and on what (the quorum rules differ)."""

    NONE = "", "不表决"
    MOTION = "motion", "表决/决定"
    ELECTION = "election", "选举"
    ADMISSION = "admission", "接收预备党员/转正表决"


class Role(Labeled):
    ADMIN = "admin", "管理员"
    BRANCH_SECRETARY = "branch_secretary", "支部书记"
    VIEWER = "viewer", "查看"


class Period(Labeled):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"
