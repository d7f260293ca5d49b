"""The union page with its roster: scope, masking, search, paging."""

from django.urls import reverse

from members.models import MemberStatus
from tests import factories as f


def test_union_page_shows_facts_employers_and_roster(client_for, editor_a, tree):
    response = client_for(editor_a).get(reverse("union_detail", args=[tree.union_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert tree.union_a.name in content
    assert tree.employer_a.name in content
    assert tree.member_a.name in content
    assert reverse("member_create", args=[tree.union_a.pk]) in content


def test_roster_shows_masked_ids_only(client_for, editor_a, tree):
    content = client_for(editor_a).get(
        reverse("union_detail", args=[tree.union_a.pk])
    ).content.decode()
    assert tree.member_a.masked_resident_id in content
    assert tree.member_a.resident_id not in content


def test_roster_search_by_name_id_tail_and_phone(client_for, editor_a, tree):
    other = f.member(tree.union_a, name="王五", phone="13922223333")
    c = client_for(editor_a)
    url = reverse("union_detail", args=[tree.union_a.pk])

    def found(q):
        return [m.name for m in c.get(url, {"q": q}).context["page"].object_list]

    assert found("张") == ["张三"]
    assert found(other.resident_id[-4:]) == ["王五"]
    assert found("1111") == ["张三"]


def test_roster_hides_former_members_unless_asked(client_for, editor_a, tree):
    gone = f.member(tree.union_a, name="赵六", status=MemberStatus.LEFT)
    c = client_for(editor_a)
    url = reverse("union_detail", args=[tree.union_a.pk])
    assert gone not in c.get(url).context["page"].object_list
    assert gone in c.get(url, {"status": "all"}).context["page"].object_list


def test_roster_pages_by_fifty(client_for, editor_a, tree):
    for i in range(55):
        f.member(tree.union_a, name=f"会员{i:03d}")
    c = client_for(editor_a)
    url = reverse("union_detail", args=[tree.union_a.pk])
    page = c.get(url).context["page"]
    assert len(page.object_list) == 50
    assert page.paginator.count == 56
    assert len(c.get(url, {"page": 2}).context["page"].object_list) == 6


def test_viewer_sees_the_roster_without_edit_links(client_for, viewer_a, tree):
    response = client_for(viewer_a).get(reverse("union_detail", args=[tree.union_a.pk]))
    assert response.status_code == 200
    assert reverse("member_edit", args=[tree.member_a.pk]) not in response.content.decode()


def test_outsider_gets_404_on_union_page(client_for, editor_a, tree):
    assert client_for(editor_a).get(
        reverse("union_detail", args=[tree.union_b.pk])
    ).status_code == 404


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("union_detail", args=[tree.union_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
