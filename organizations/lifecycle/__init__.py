"""Unions and employers over time: the 建会 steps, moves, dissolution, employers closing, and
their history. Services (founding, ending, moves), selectors, forms, views and urls.

A merger moves members, so it lives a layer up, in `members.union_merge`.
"""
