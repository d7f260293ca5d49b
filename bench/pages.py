"""The everyday pages at a whole city's size, for `make bench` (called by bench.dashboard).

Server time through Django's full request cycle, as the city officer, median of a few
requests after a warm-up; the API list is the one that would COUNT millions if paged by offset.
"""

from __future__ import annotations

import statistics
import time

REQUESTS = 7


def _pages() -> dict[str, str]:
    from django.urls import reverse

    from members.models import Member
    from organizations.models import Level, Union

    city = Union.objects.get_first_root_node()
    county = Union.objects.filter(level=Level.COUNTY).order_by("path").first()
    union = Union.objects.filter(level=Level.GRASSROOTS).order_by("-id").first()
    member = Member.objects.filter(union=union).order_by("id").first()
    return {
        "tree_city": reverse("node_detail", args=[city.pk]),
        "tree_county": reverse("node_detail", args=[county.pk]),
        "union_roster": reverse("union_detail", args=[union.pk]),
        "union_roster_search": reverse("union_detail", args=[union.pk]) + "?q=王",
        "employers_city": reverse("employer_list"),
        "worklist_city": reverse("reports_worklist"),
        "member_edit": reverse("member_edit", args=[member.pk]),
        "api_members_city": reverse("member-list"),
    }


def run(results: dict, client) -> dict:
    print("\nEveryday pages at city scale (server time, median of %d requests)" % REQUESTS)
    for name, url in _pages().items():
        assert client.get(url).status_code == 200  # warm-up
        timings = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        results[f"page_{name}_median_ms"] = round(statistics.median(timings), 1)
        print(f"  {name:<22} {results[f'page_{name}_median_ms']:>8.1f} ms   {url}")
    return results
