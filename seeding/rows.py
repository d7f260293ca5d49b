"""The member rows of a data set: 2.7 million for a city, so this loop is kept lean.

The random draws are made in a fixed order from one random.Random, so a seed always gives
the same rows. Resident IDs are numbered, not drawn: the n-th member gets the n-th ID, unique
and with a valid GB 11643 check digit, computed from precomputed partial sums (the check digit
is linear in the digits, so area, birth date and sequence contribute independently).
Card numbers are numbered too: the k-th member of union u holds `card_number(u, k)`, and the
union's card counter starts at its member count (seeding.load).

The IDs are stored as the registry stores them (common.sealed_id): AES-GCM ciphertext, keyed
hash and last four, computed through one IdCipher (about 5 µs a row, the loop's largest cost).
The birth column holds the first day of the birth month, as Member.birth_date does.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from common import crypto
from seeding.names import AREA_CODES, GIVEN, SURNAMES
from seeding.trends import seasonal_join

BIRTH_START = datetime.date(1966, 1, 1)
BIRTH_DAYS = 14_600  # about 40 years of birth dates
ID_CAPACITY = BIRTH_DAYS * 1000


def _weighted(digits: str, first_position: int) -> int:
    """Σ digit · 13^(16 - position) mod 11: a part of int(body, 13) mod 11 (python-stdnum's sum)."""
    return sum(int(d) * pow(13, 16 - (first_position + i), 11) for i, d in enumerate(digits)) % 11


_AREA_SUM = [_weighted(a, 0) for a in AREA_CODES]
_BIRTHS = [BIRTH_START + datetime.timedelta(days=d) for d in range(BIRTH_DAYS)]
_BIRTH_TEXT = [f"{b:%Y%m%d}" for b in _BIRTHS]
_BIRTH_SUM = [_weighted(t, 6) for t in _BIRTH_TEXT]
_BIRTH_MONTHS = [b.replace(day=1) for b in _BIRTHS]
_BIRTH_MONTH_TEXT = [b.isoformat() for b in _BIRTH_MONTHS]
_SEQ_TEXT = [f"{s:03d}" for s in range(1000)]
_SEQ_SUM = [_weighted(t, 14) for t in _SEQ_TEXT]
_CHECK = ["X" if (1 - 2 * v) % 11 == 10 else str((1 - 2 * v) % 11) for v in range(11)]


def _resident_id(n: int) -> tuple[str, int]:
    """The n-th seeded resident ID and its birth day's index."""
    area = n % len(AREA_CODES)
    k = ((n // len(AREA_CODES)) * 7_919 + 1_234_567) % ID_CAPACITY
    day, seq = divmod(k, 1000)
    check = _CHECK[(_AREA_SUM[area] + _BIRTH_SUM[day] + _SEQ_SUM[seq]) % 11]
    return AREA_CODES[area] + _BIRTH_TEXT[day] + _SEQ_TEXT[seq] + check, day


def resident_id(n: int) -> tuple[str, datetime.date]:
    """The n-th seeded resident ID and birth date: unique for every n below ID_CAPACITY × 20."""
    rid, day = _resident_id(n)
    return rid, _BIRTHS[day]


def categories(roll: float) -> tuple[str, str]:
    """New-employment-form category and eight-group category of a member, from one roll."""
    if roll < 0.012:
        return "courier", "courier"
    if roll < 0.022:
        return "truck", "truck"
    if roll < 0.034:
        return "rider", "rider"
    if roll < 0.038:
        return "ride_hailing", ""
    if roll < 0.050:
        return "", ("carer", "domestic", "security", "mall_info", "estate_agent")[int(roll * 1000) % 5]
    return "", ""


def member_rows(data: Any, *, as_text: bool = False) -> Iterator[tuple | str]:
    """Rows in the column order of load.MEMBER_COLUMNS, or (as_text) lines for COPY ... FROM STDIN.

    The text lines skip a CSV writer: names, IDs and codes never contain tabs or backslashes.
    """
    rng = random.Random(data.seed * 1_000_003 + 17)
    # Bound methods and lengths hoisted out of a loop that runs millions of times. The calls
    # are exactly those random.choices/choice/randrange make, so the draws stay the same.
    rand, below = rng.random, rng._randbelow
    n_surnames, n_given = len(SURNAMES), len(GIVEN)
    as_of = data.spec.as_of
    stamp = datetime.datetime.combine(as_of, datetime.time(12, 0), tzinfo=datetime.timezone.utc)
    stamp_text = stamp.isoformat(sep=" ")
    seal_many = crypto.cipher().seal_many
    n, member_id = data.first_person, data.next_id
    for union, members, migrants, slices in zip(
        data.grassroots, data.members_per_union, data.migrants_per_union, data.employer_slices
    ):
        founded = union.founded_on.toordinal()
        span = max(1, as_of.toordinal() - founded)
        card_prefix, card_seq = f"{union.id:06d}-", 0
        for employer_id, start, end in slices:
            # The IDs do not depend on the random draws: sealed for the whole slice at once.
            ids = [_resident_id(k) for k in range(n, n + end - start)]
            sealed = iter(seal_many([rid for rid, _day in ids]))
            for j, (rid, day), (enc, hashed, last4) in zip(range(start, end), ids, sealed):
                n += 1
                is_migrant = members and ((j + 1) * migrants) // members > (j * migrants) // members
                roll = rand()
                new_form, group = categories(roll)
                draw = rand()
                joined = datetime.date.fromordinal(founded + int(span * draw**0.7))
                # A second fraction from the same draw: the seasons add no draw (seeding.trends).
                joined = seasonal_join(joined, (draw * 7919.0) % 1.0, as_of=as_of)
                name = SURNAMES[below(n_surnames)] + GIVEN[int(rand() * n_given)]
                if roll >= 0.3:
                    name += GIVEN[int(rand() * n_given)]
                phone = f"1{'3578'[below(4)]}{below(10**9):09d}"
                gender = "M" if int(rid[16]) % 2 else "F"
                card_seq += 1
                card = f"{card_prefix}{card_seq:06d}"
                if as_text:
                    yield (
                        f"{member_id}\t{name}\t{enc}\t\\\\x{hashed.hex()}\t{last4}\t{gender}\t"
                        f"{_BIRTH_MONTH_TEXT[day]}\t{phone}\t{union.id}\t"
                        f"{employer_id}\t{joined}\t\\N\t{'t' if is_migrant else 'f'}\t{new_form}\t"
                        f"{group}\tactive\t1\t{stamp_text}\t{stamp_text}\t{card}\n"
                    )
                else:
                    yield (
                        member_id, name, enc, hashed, last4, gender, _BIRTH_MONTHS[day], phone,
                        union.id, employer_id, joined,
                        None, bool(is_migrant), new_form, group, "active", 1, stamp, stamp, card,
                    )
                member_id += 1
