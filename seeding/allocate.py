"""Exact integer splits: the seeded totals must come out to the published figures."""

from __future__ import annotations

import random


def split_exact(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` that add up to `total` exactly.

    Largest-remainder method; ties broken by position so the result is deterministic.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    weight_sum = sum(weights)
    if not weights or weight_sum <= 0:
        raise ValueError("weights must be positive")
    shares = [total * w / weight_sum for w in weights]
    parts = [int(s) for s in shares]
    short = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - shares[i], i))
    for i in order[:short]:
        parts[i] += 1
    return parts


def split_capped(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """Like split_exact, but no part exceeds its cap (sum of caps must reach total)."""
    if sum(caps) < total:
        raise ValueError("caps too small for total")
    parts = [0] * len(weights)
    remaining = total
    open_idx = [i for i in range(len(weights)) if caps[i] > 0]
    while remaining > 0:
        split = split_exact(remaining, [weights[i] or 1e-9 for i in open_idx])
        for i, extra in zip(open_idx, split):
            parts[i] += extra
        remaining = 0
        for i in open_idx:
            if parts[i] > caps[i]:
                remaining += parts[i] - caps[i]
                parts[i] = caps[i]
        open_idx = [i for i in open_idx if parts[i] < caps[i]]
    return parts


def lognormal_weights(rng: random.Random, n: int, sigma: float = 1.0) -> list[float]:
    return [rng.lognormvariate(0, sigma) for _ in range(n)]
