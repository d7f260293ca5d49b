"""Running the registry as a service: health and readiness, metrics, JSON logs, backups.

Sits above the domain apps like the `unionreg` project package: it reads their tables for the
job gauges, the figures and the restore check, and none of them imports it.
"""
