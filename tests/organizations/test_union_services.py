import pytest
from django.core.exceptions import ValidationError

from organizations import services
from organizations.concurrency import ConflictError
from organizations.models import AuditEntry, Employer, Formation, Level, Union
from tests import factories as f


def register(by, parent, employers, formation=Formation.JOINT, name="联合工会"):
    return services.union_create(
        parent=parent, level=Level.GRASSROOTS, by=by, employers=employers,
        name=name, formation=formation,
    )


def test_joint_union_covers_its_employers_and_is_audited(tree, editor_a):
    e1, e2 = f.employer(tree.village_a), f.employer(tree.village_a)
    e1.no_union_reason = "too_few"
    e1.save()
    union = register(editor_a, tree.village_a, [e1, e2])
    assert set(union.employers.values_list("pk", flat=True)) == {e1.pk, e2.pk}
    assert Employer.objects.get(pk=e1.pk).no_union_reason == ""  # covered now: no reason
    assert Union.objects.get_parent(union) == tree.village_a
    entry = AuditEntry.objects.get(action="union.create", object_id=str(union.pk))
    assert entry.user == editor_a


@pytest.mark.parametrize(("formation", "count"), [(Formation.INDEPENDENT, 2), (Formation.JOINT, 1)])
def test_employer_count_must_fit_the_formation(tree, editor_a, formation, count):
    employers = [f.employer(tree.village_a) for _ in range(count)]
    with pytest.raises(ValidationError) as excinfo:
        register(editor_a, tree.village_a, employers, formation=formation)
    assert "employers" in excinfo.value.message_dict


def test_an_employer_already_covered_is_refused(tree, editor_a):
    free = f.employer(tree.village_a)
    with pytest.raises(ValidationError) as excinfo:
        register(editor_a, tree.village_a, [free, tree.employer_a])
    assert tree.union_a.name in excinfo.value.message_dict["employers"][0]
    assert Employer.objects.get(pk=free.pk).union is None


def test_covered_outside_scope_does_not_name_the_union(tree, editor_a):
    free = f.employer(tree.village_a)
    with pytest.raises(ValidationError) as excinfo:
        register(editor_a, tree.village_a, [free, tree.employer_b])
    assert tree.union_b.name not in excinfo.value.message_dict["employers"][0]


def test_second_of_two_editors_gets_a_conflict(tree, editor_a, city_officer):
    seen_by_both = tree.union_a.version
    services.union_update(union=tree.union_a, by=city_officer, version=seen_by_both, chair_name="王一")
    with pytest.raises(ConflictError):
        services.union_update(union=tree.union_a, by=editor_a, version=seen_by_both, chair_name="赵二")
    tree.union_a.refresh_from_db()
    assert tree.union_a.chair_name == "王一"
    assert tree.union_a.version == seen_by_both + 1


def test_employer_conflict(tree, editor_a):
    version = tree.employer_a.version
    services.employer_update(employer=tree.employer_a, by=editor_a, version=version, employees=80)
    with pytest.raises(ConflictError):
        services.employer_update(employer=tree.employer_a, by=editor_a, version=version, employees=90)
    assert Employer.objects.get(pk=tree.employer_a.pk).employees == 80


def test_employer_with_bad_credit_code_is_refused(tree, editor_a):
    with pytest.raises(ValidationError) as excinfo:
        services.employer_create(
            by=editor_a, name="坏代码公司", credit_code="91350100M000100Y44",
            ownership="private", node=tree.township_a, employees=10,
        )
    assert "credit_code" in excinfo.value.message_dict


def test_duplicate_credit_code_is_refused(tree, editor_a):
    with pytest.raises(ValidationError) as excinfo:
        services.employer_create(
            by=editor_a, name="重复公司", credit_code=tree.employer_a.credit_code,
            ownership="private", node=tree.township_a, employees=10,
        )
    assert "credit_code" in excinfo.value.message_dict
