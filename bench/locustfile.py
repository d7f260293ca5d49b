"""Simulated federation staff for `make bench` (run by bench/http.py; not imported by Django).

Each simulated person is one staff account, already signed in (bench/http.py writes the plan:
session cookies, the ids in each account's area, an integration token). They wait 1–3 s
between requests, as people reading pages do, and spend their time on the dashboard, the tree,
rosters, the member form, the work-list and the API, with now and then a change of a member
through the API (If-Match from a read just before).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["BENCH_HTTP_PLAN"]).read_text(encoding="utf-8"))
_accounts = itertools.count()
# A 412 is the right answer when two people change one member at once: not an error.
EXPECTED = {200, 201, 412}


class Staff(FastHttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        account = PLAN["accounts"][next(_accounts) % len(PLAN["accounts"])]
        self.account = account
        self.area = PLAN["areas"][account["area"]]
        self.cookie = f"sessionid={account['session']}; csrftoken={PLAN['csrf']}"

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, headers={"Cookie": self.cookie},
                             catch_response=True) as response:
            if response.status_code not in EXPECTED:
                response.failure(f"HTTP {response.status_code}")

    def _pick(self, kind: str) -> int:
        return random.choice(self.area[kind])

    @task(3)
    def dashboard(self) -> None:
        node = random.choice([self.area["node"], self._pick("children")])
        self._get(f"/dashboard/{node}/", "dashboard")

    @task(3)
    def tree(self) -> None:
        node = random.choice([self.area["node"], self._pick("children")])
        self._get(f"/nodes/{node}/", "tree")

    @task(3)
    def roster(self) -> None:
        self._get(f"/unions/{self._pick('unions')}/", "roster")

    @task(2)
    def member_form(self) -> None:
        if self.account["role"] == "viewer":  # viewers have no form: they read the roster
            self._get(f"/unions/{self._pick('unions')}/?q=王", "roster search")
        else:
            self._get(f"/members/{self._pick('members')}/edit/", "member form")

    @task(1)
    def worklist(self) -> None:
        self._get(f"/worklist/{self.area['node']}/", "work-list")

    @task(2)
    def api_reads(self) -> None:
        choice = random.random()
        if choice < 0.4:
            self._get(f"/api/members/?union={self._pick('unions')}", "api members")
        elif choice < 0.7:
            self._get(f"/api/employers/?within={self.area['node']}", "api employers")
        else:
            self._get(f"/api/stats/{self.area['node']}/", "api stats")

    @task(1)
    def api_write(self) -> None:
        """An integration (token) corrects a member's phone: read for the ETag, then PATCH."""
        if self.account["role"] == "viewer":
            return
        member = self._pick("members")
        headers = {"Authorization": f"Token {PLAN['tokens'][self.account['area']]}"}
        url = f"/api/members/{member}/"
        with self.client.get(url, name="api member", headers=headers,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
            etag = response.headers.get("ETag")
        body = json.dumps({"phone": f"139{random.randrange(10**8):08d}"})
        with self.client.request(
                "PATCH", url, name="api member PATCH", data=body, catch_response=True,
                headers={**headers, "If-Match": etag, "Content-Type": "application/json"},
        ) as response:
            if response.status_code not in EXPECTED:
                response.failure(f"HTTP {response.status_code}")
