"""The life-cycle tests check the counters after each step: they share the counted tree."""

from tests.reports.conftest import counted  # noqa: F401
