"""`make bench`: the figures of DESIGN.md at city scale, merged into var/bench.json.

A tool, not part of the registry: no app imports it. `python -m bench` runs everything
(`bench.dashboard.main`); each part can also run alone (`python -m bench.imports`, ...).
"""
