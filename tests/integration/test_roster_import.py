"""The import service on a real store: validation against the roster, org creation, one transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.documents.roster_files import import_roster, preview_import
from app.domain.enums import MemberCategory, OrgKind
from app.errors import PermissionDenied, ValidationError
from app.excel.cells import ID_AS_NUMBER
from app.services import members, organizations
from app.services.roster_import import school_name_from_title
from app.store.models import AuditLog, Member, Organization
from app.store.uow import Actor, UnitOfWork
from tests.roster_files import BRANCH, HEADINGS, id_for, many_people, person, roster, write_sheet

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "roster_sample.xlsx"  # a copy of the sample roster


def _count(ctx, model=Member) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def _import(ctx, path: Path, **kwargs):
    with ctx.uow() as uow:
        result = import_roster(uow, path, **kwargs)
        uow.commit()
    return result


def _errors(ctx, path: Path) -> list[str]:
    with ctx.uow() as uow:
        return preview_import(uow, path).error_lines()


def test_shared_sample_imports_cleanly_into_an_empty_store(ctx) -> None:
    result = _import(ctx, SAMPLE)
    assert result.imported == 24
    assert result.school_created == "红星镇九年制学校"
    assert result.new_branches == ["红星镇九年制学校党支部"]
    with ctx.uow() as uow:
        assert members.count_members(uow) == 24
        assert [m.name for m in members.search_members(uow, members.MemberQuery(text="dxj"))] == ["邓晓娟"]


def test_empty_store_gets_school_branches_and_groups(ctx, tmp_path: Path) -> None:
    headings = [*HEADINGS, "党小组"]
    people = [person(1, 党小组="第一小组"), person(2, 党小组="第一小组"),
              person(3, 所在党支部="退休教师党支部"), person(4, 所在党支部="村校联合党支部")]
    result = _import(ctx, roster(tmp_path / "r.xlsx", people, headings=headings, title="学校花名册"))
    assert result.imported == 4
    assert result.school_created == "未命名学校"
    assert result.new_branches == [BRANCH, "退休教师党支部", "村校联合党支部"]
    assert result.new_groups == [("第一小组", BRANCH)]
    with ctx.uow() as uow:
        orgs = {o.name: o for o in organizations.list_organizations(uow)}
        assert orgs["村校联合党支部"].kind == OrgKind.JOINT_BRANCH
        assert orgs["第一小组"].kind == OrgKind.PARTY_GROUP
        assert orgs["第一小组"].parent_id == orgs[BRANCH].id
        assert orgs[BRANCH].parent_id is None
        assert orgs["第一小组"].member_count == 2
        rows = members.search_members(uow, members.MemberQuery(text="测试"))
        assert {r.group_name for r in rows} == {"第一小组", ""}


def test_new_branches_go_under_the_schools_general_branch(demo_ctx, tmp_path: Path) -> None:
    people = [person(1, 所在党支部="第三党支部（幼儿园）"), person(2, 所在党支部="第一党支部（小学部）")]
    result = _import(demo_ctx, roster(tmp_path / "r.xlsx", people))
    assert result.new_branches == ["第三党支部（幼儿园）"]
    assert result.school_created is None
    with demo_ctx.uow() as uow:
        top = organizations.find_by_name(uow, "青山镇中心学校党总支")
        new = organizations.find_by_name(uow, "第三党支部（幼儿园）")
        assert new is not None and top is not None
        assert new.parent_id == top.id


def test_bad_checksum_and_mismatches_list_every_error_and_write_nothing(demo_ctx, tmp_path: Path) -> None:
    before = _count(demo_ctx)
    orgs_before = _count(demo_ctx, Organization)
    good_id = id_for(3)
    bad_check = good_id[:17] + ("0" if good_id[17] != "0" else "1")
    people = [person(1), person(2, 公民身份号码=bad_check), person(3, 出生日期="1990-01-01"),
              person(4, 性别="女"), person(5, 所在党支部="全新党支部")]
    path = roster(tmp_path / "r.xlsx", people)
    with demo_ctx.uow() as uow, pytest.raises(ValidationError) as info:
        import_roster(uow, path)
    details = info.value.details
    assert len(details) == 3
    assert details[0].startswith("工作表“Sheet1”第4行") and "校验位错误" in details[0]
    assert details[1].startswith("工作表“Sheet1”第5行")
    assert "出生日期1990-01-01与身份证号中的1985-03-09不一致" in details[1]
    assert details[2].startswith("工作表“Sheet1”第6行") and "性别“女”与身份证号（男）不一致" in details[2]
    assert "没有导入任何数据" in info.value.message
    assert _count(demo_ctx) == before
    assert _count(demo_ctx, Organization) == orgs_before


def test_duplicates_within_the_file(ctx, tmp_path: Path) -> None:
    path = roster(tmp_path / "r.xlsx", [person(1), person(2), person(3, 公民身份号码=id_for(1))])
    assert _errors(ctx, path) == [f"工作表“Sheet1”第5行：{person(3)['姓名']}，身份证号与第3行重复"]


def test_duplicate_against_the_roster(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        existing = members.search_members(uow)[0]
    path = roster(tmp_path / "r.xlsx", [person(1, 公民身份号码=existing.id_number, 出生日期=None, 性别=None)])
    errors = _errors(demo_ctx, path)
    assert errors == [f"工作表“Sheet1”第3行：{person(1)['姓名']}，身份证号与已有人员“{existing.name}”重复"]


def test_id_stored_as_number_is_one_clear_error(ctx, tmp_path: Path) -> None:
    path = roster(tmp_path / "r.xlsx", [person(1, 公民身份号码=int(id_for(1)[:15] + "000"))])
    errors = _errors(ctx, path)
    assert errors == [f"工作表“Sheet1”第3行：{person(1)['姓名']}，{ID_AS_NUMBER}"]


def test_group_of_another_branch_and_wrong_kinds(demo_ctx, tmp_path: Path) -> None:
    headings = [*HEADINGS, "党小组"]
    people = [person(1, 所在党支部="第二党支部（初中部）", 党小组="第一党小组"),
              person(2, 所在党支部="青山镇中心学校党总支"),
              person(3, 所在党支部="第一党支部（小学部）", 党小组="第一党小组")]
    errors = _errors(demo_ctx, roster(tmp_path / "r.xlsx", people, headings=headings))
    assert len(errors) == 2
    assert "党小组“第一党小组”属于“第一党支部（小学部）”，不属于“第二党支部（初中部）”" in errors[0]
    assert "“青山镇中心学校党总支”是党总支，不是党支部" in errors[1]


def test_new_group_named_under_two_branches(ctx, tmp_path: Path) -> None:
    headings = [*HEADINGS, "党小组"]
    people = [person(1, 党小组="新小组"), person(2, 所在党支部="另一党支部", 党小组="新小组")]
    errors = _errors(ctx, roster(tmp_path / "r.xlsx", people, headings=headings))
    assert errors == [f"工作表“Sheet1”第4行：{person(2)['姓名']}，"
                      f"党小组“新小组”在第3行属于“{BRANCH}”，此处却填“另一党支部”"]


def test_skip_invalid_imports_the_valid_rows(ctx, tmp_path: Path) -> None:
    people = [person(1), person(2, 公民身份号码="123"), person(3), person(4, 所在党支部="只在错误行出现的支部",
                                                                      入党日期="明天")]
    result = _import(ctx, roster(tmp_path / "r.xlsx", people), skip_invalid=True)
    assert result.imported == 2
    assert [r.row_number for r in result.skipped] == [4, 6]
    assert result.new_branches == [BRANCH]  # the bad row's branch is not created
    assert _count(ctx) == 2


def test_rule_errors_from_member_rules(ctx, tmp_path: Path) -> None:
    people = [person(1, 人员类别="预备党员"), person(2, 入党日期=None, 转正日期=None), person(3, 姓名=None),
              person(4, 手机号码="12345"), person(5, 入党日期="2000-01-01", 转正日期="2001-01-01")]
    errors = _errors(ctx, roster(tmp_path / "r.xlsx", people))
    assert "预备党员不应有转正日期" in errors[0]
    assert "正式党员必须填写入党日期" in errors[1]
    assert "姓名不能为空" in errors[2]
    assert "手机号码“12345”格式不对" in errors[3]
    assert "入党时未满18周岁" in errors[4]


def test_audit_entry_in_the_same_transaction(ctx, tmp_path: Path) -> None:
    _import(ctx, roster(tmp_path / "r.xlsx", [person(1), person(2)]))
    with ctx.uow() as uow:
        summaries = list(uow.session.scalars(select(AuditLog.summary).where(AuditLog.action == "import")))
    assert len(summaries) == 1
    assert "2 人" in summaries[0]


def test_fields_reach_the_store(ctx, tmp_path: Path) -> None:
    headings = [*HEADINGS, "民族", "学历", "任教学科", "骨干教师级别", "党员示范岗", "申请入党日期", "籍贯", "备注"]
    p = person(1, 民族="回族", 学历="大学本科", 任教学科="数学", 骨干教师级别="县级骨干教师", 党员示范岗="示范岗",
               申请入党日期="2008年3月1日", 籍贯="陕西", 备注="备注文字")
    _import(ctx, roster(tmp_path / "r.xlsx", [p], headings=headings))
    with ctx.uow() as uow:
        member_id, pinyin, number = uow.session.execute(select(Member.id, Member.name_pinyin, Member.id_number)).one()
        data = members.get_member_data(uow, member_id)
    assert (data.ethnicity, data.education, data.subject, data.model_post) == ("回族", "大学本科", "数学", "示范岗")
    assert data.backbone_level.label == "县级骨干教师"
    assert data.applied_on == dt.date(2008, 3, 1)
    assert (data.native_place, data.note) == ("陕西", "备注文字")
    assert data.category == MemberCategory.FULL
    assert pinyin.startswith("ceshi")
    assert number == id_for(1)


def test_read_only_account_may_not_import(ctx, tmp_path: Path) -> None:
    from app.domain.enums import Role

    path = roster(tmp_path / "r.xlsx", [person(1)])
    with UnitOfWork(ctx.store.session_factory, Actor("viewer", Role.VIEWER)) as uow, pytest.raises(PermissionDenied):
        import_roster(uow, path)


def test_a_large_roster_is_one_transaction(ctx, tmp_path: Path) -> None:
    """1,500 rows, three of the importer's 500-row chunks: nothing is committed until the caller commits.
    (5,000 rows are the benchmark's row, tests/perf/bench.py.)"""
    from sqlalchemy import event

    path = roster(tmp_path / "big.xlsx", many_people(1500))
    commits: list[int] = []
    event.listen(ctx.store.engine, "commit", lambda _con: commits.append(1))
    with ctx.uow() as uow:
        result = import_roster(uow, path)
        assert commits == []
        uow.commit()
    assert commits == [1]
    assert result.imported == 1500
    assert len(result.new_branches) == 7
    assert _count(ctx) == 1500


@pytest.mark.parametrize(("title", "school"), [
    ("青山镇中心学校党员花名册", "青山镇中心学校"), ("红星镇九年制学校党支部党员信息表", "红星镇九年制学校"),
    ("中共城关第二小学支部委员会", "未命名学校"), ("城关第二小学2024年党员名册", "城关第二小学"), ("", "未命名学校"),
    ("学校名称党员花名册", "未命名学校"),
])
def test_school_name_from_title(title: str, school: str) -> None:
    assert school_name_from_title(title) == school


def test_headers_only_imports_nothing(ctx, tmp_path: Path) -> None:
    result = _import(ctx, write_sheet(tmp_path / "r.xlsx", [HEADINGS]))
    assert result.imported == 0
    assert _count(ctx) == 0


def test_hostile_text_is_a_row_error_not_a_crash(ctx, tmp_path: Path) -> None:
    headings = [*HEADINGS, "工作岗位", "备注"]
    people = [person(1, 工作岗位="岗" * 100_000), person(2, 所在党支部="支" * 150),
              person(3, 备注="<b>&amp;</b> \u202e😀 珺玥䶮")]
    errors = _errors(ctx, roster(tmp_path / "r.xlsx", people, headings=headings))
    assert len(errors) == 2
    assert "工作岗位过长（最多50个字" in errors[0]
    assert "所在党支部过长" in errors[1]
    result = _import(ctx, roster(tmp_path / "r2.xlsx", people[2:], headings=headings))
    assert result.imported == 1


def test_birth_year_and_month_only_is_checked_against_the_id(ctx, tmp_path: Path) -> None:
    headings = [h if h != "出生日期" else "出生年月" for h in HEADINGS]
    people = [person(1, 出生年月="1985.03"), person(2, 出生年月=1985.03), person(3, 出生年月="1985年3月"),
              person(4, 出生年月=198503), person(5, 出生年月="1985.04")]
    errors = _errors(ctx, roster(tmp_path / "r.xlsx", people, headings=headings))
    assert errors == [f"工作表“Sheet1”第7行：{person(5)['姓名']}，出生年月1985-04与身份证号中的1985-03-09不一致"]
    _import(ctx, roster(tmp_path / "ok.xlsx", people[:4], headings=headings))
    with ctx.uow() as uow:
        assert {r.birth_date for r in members.search_members(uow)} == {dt.date(1985, 3, 9)}


def test_each_imported_person_lands_in_the_branch_and_group_of_the_row(demo_ctx, tmp_path: Path) -> None:
    """Found by the mutation run: no test looked at the people's own branch, at the kind and place in the
    tree of an ordinary new branch, or at the counts and audit record of an import with skipped rows."""
    headings = [*HEADINGS, "党小组"]
    people = [person(1, 所在党支部="第三党支部（幼儿园）", 党小组="幼儿园小组"),
              person(2, 所在党支部="第三党支部（幼儿园）", 人员类别="入党积极分子", 入党日期="", 转正日期=""),
              person(3, 所在党支部="第一党支部（小学部）"),
              person(4, 公民身份号码="123")]
    with demo_ctx.uow() as uow:
        last_order = uow.session.scalar(select(func.max(Organization.sort_order)))
    result = _import(demo_ctx, roster(tmp_path / "r.xlsx", people, headings=headings), skip_invalid=True)
    assert (result.imported, result.counts.party, result.counts.developing) == (3, 2, 1)
    with demo_ctx.uow() as uow:
        rows = {r.name: r for r in members.search_members(uow, members.MemberQuery(text="测试"))}
        org = select(Organization.kind, Organization.parent_id, Organization.sort_order, Organization.id)
        new = uow.session.execute(org.where(Organization.name == "第三党支部（幼儿园）")).one()
        group = uow.session.execute(org.where(Organization.name == "幼儿园小组")).one()
        top = organizations.find_by_name(uow, "青山镇中心学校党总支")
        audit = uow.session.execute(select(AuditLog.entity, AuditLog.entity_id, AuditLog.summary,
                                           AuditLog.new_values).where(AuditLog.action == "import")).one()
    assert {n: (r.branch_name, r.group_name) for n, r in rows.items()} == {
        person(1)["姓名"]: ("第三党支部（幼儿园）", "幼儿园小组"), person(2)["姓名"]: ("第三党支部（幼儿园）", ""),
        person(3)["姓名"]: ("第一党支部（小学部）", "")}
    assert new.kind == OrgKind.BRANCH.value and new.parent_id == top.id  # not 联合: an ordinary branch
    assert new.sort_order == (last_order or 0) + 1  # after every organization already in the tree
    assert group.kind == OrgKind.PARTY_GROUP.value and group.parent_id == new.id and group.sort_order == 1
    assert audit.entity == "member" and audit.entity_id == ""
    assert "3 人" in audit.summary
    import json

    recorded = json.loads(audit.new_values)
    assert recorded["imported"] == 3 and recorded["party"] == 2 and recorded["developing"] == 1
    assert recorded["skipped_rows"] == [result.skipped[0].where]
    assert recorded["new_branches"] == ["第三党支部（幼儿园）"] and recorded["new_groups"] == ["幼儿园小组"]


def test_apply_import_refuses_invalid_rows_and_viewers_by_default(ctx, tmp_path: Path) -> None:
    """apply_import is the write half of every import: without skip_invalid an invalid row stops it, and
    only an administrator may run it, whoever called it."""
    from app.domain.enums import Role
    from app.services.roster_import import apply_import

    path = roster(tmp_path / "r.xlsx", [person(1), person(2, 公民身份号码="123")])
    with ctx.uow() as uow:
        report = preview_import(uow, path)
        with pytest.raises(ValidationError, match="1行错误，没有导入任何数据"):
            apply_import(uow, report)
    with UnitOfWork(ctx.store.session_factory, Actor("viewer", Role.VIEWER)) as uow, \
            pytest.raises(PermissionDenied, match="导入花名册"):
        apply_import(uow, report, skip_invalid=True)
    assert _count(ctx) == 0
