"""Benchmark of sealing resident IDs: what seeding, imports and the full-ID export pay per row.

`id_encrypt_rows_per_s`: rows sealed per second (AES-GCM ciphertext and the HMAC keyed hash,
through one IdCipher as the bulk writers use it); `id_decrypt_rows_per_s`: ciphertexts opened
per second (the full-ID export's cost). CPU only, no database.

    python -m bench.ids            # prints the figures
"""

from __future__ import annotations

import json
import os
import sys
import time

SAMPLE = 200_000
RUNS = 3  # best of three: the machine may be shared, the cipher's speed is not


def _ids(n: int) -> list[str]:
    from seeding.rows import resident_id

    return [resident_id(i)[0] for i in range(n)]


def run(results: dict) -> dict:
    from common import crypto

    cipher = crypto.cipher()
    ids = _ids(SAMPLE)
    seal, best_seal, best_open = cipher.seal_many, float("inf"), float("inf")
    tokens: list[str] = []
    for _ in range(RUNS):
        started = time.perf_counter()
        tokens = [enc for enc, _hash, _last4 in seal(ids)]
        best_seal = min(best_seal, time.perf_counter() - started)
        started = time.perf_counter()
        opened = cipher.decrypt_many(tokens)
        best_open = min(best_open, time.perf_counter() - started)
    assert opened == ids
    results["id_encrypt_rows_per_s"] = round(SAMPLE / best_seal)
    results["id_decrypt_rows_per_s"] = round(SAMPLE / best_open)
    print(f"resident IDs, {SAMPLE:,} rows (best of {RUNS}): sealed (AES-GCM + HMAC-SHA256) "
          f"{results['id_encrypt_rows_per_s']:,}/s; decrypted {results['id_decrypt_rows_per_s']:,}/s")
    return results


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreg.settings")
    from bench.dashboard import _id_keys

    _id_keys()
    django.setup()
    print(json.dumps(run({})))
    sys.exit(0)
