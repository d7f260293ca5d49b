"""The resident-ID keys, read from the environment once, when the settings load.

    ID_ENCRYPTION_KEYS="k2:<base64 of 32 bytes>,k1:<base64 of 32 bytes>"   first = current
    ID_HASH_KEY="<base64 of 32 bytes>"

Production (DEBUG off) refuses to start without both. With DEBUG on and none set, development
keys are generated once and kept in VAR_DIR/dev-keys.json, next to the SQLite file they
protect, so a restarted dev server still reads its data; the tests generate throwaway keys
(tests/id_keys.py). Either way the keys are put into the environment, so the processes this
one starts (the import reader, a Celery worker started from here) use the same ones.

Generate a key: python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

ENCRYPTION_ENV, HASH_ENV = "ID_ENCRYPTION_KEYS", "ID_HASH_KEY"
KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
DEV_KEYS_FILE = "dev-keys.json"
GENERATE_HINT = 'python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"'

logger = logging.getLogger("unionreg.id_keys")


def _key(text: str, what: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{what} is not base64; generate one with: {GENERATE_HINT}")
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{what} must be {KEY_BYTES} bytes (base64 of 32 random bytes), "
                                   f"not {len(key)}; generate one with: {GENERATE_HINT}")
    return key


def parse_encryption_keys(text: str) -> tuple[tuple[str, bytes], ...]:
    keys: list[tuple[str, bytes]] = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        kid, sep, encoded = item.partition(":")
        if not sep or not _KEY_ID.match(kid):
            raise ImproperlyConfigured(
                f"{ENCRYPTION_ENV}: each key is 'keyid:base64key' with a key id of letters, "
                "digits, - or _ (up to 16)")
        if kid in dict(keys):
            raise ImproperlyConfigured(f"{ENCRYPTION_ENV}: the key id {kid!r} appears twice")
        keys.append((kid, _key(encoded, f"{ENCRYPTION_ENV} key {kid!r}")))
    if not keys:
        raise ImproperlyConfigured(f"{ENCRYPTION_ENV} holds no key")
    return tuple(keys)


def generate_keys(key_id: str = "dev1") -> dict[str, str]:
    """A fresh pair of key settings, as the environment would hold them."""
    def new() -> str:
        return base64.b64encode(os.urandom(KEY_BYTES)).decode()
    return {ENCRYPTION_ENV: f"{key_id}:{new()}", HASH_ENV: new()}


def dev_keys(var_dir: Path) -> dict[str, str]:
    """The development keys of this checkout: VAR_DIR/dev-keys.json, created on first use."""
    path = Path(var_dir) / DEV_KEYS_FILE
    if path.exists():
        return json.loads(path.read_text())
    keys = generate_keys()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes starting at once (runserver's reloader) must not write two pairs.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return json.loads(path.read_text())
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle)
    return keys


def configured_keys(*, debug: bool, var_dir: Path) -> tuple[tuple[tuple[str, bytes], ...], bytes]:
    """(encryption keys, hash key) from the environment; development keys only under DEBUG."""
    encryption, hashing = os.environ.get(ENCRYPTION_ENV, ""), os.environ.get(HASH_ENV, "")
    if bool(encryption) != bool(hashing):
        raise ImproperlyConfigured(
            f"set both {ENCRYPTION_ENV} and {HASH_ENV}, or (DEBUG only) neither")
    if not encryption:
        if not debug:
            raise ImproperlyConfigured(
                f"{ENCRYPTION_ENV} and {HASH_ENV} must be set when DEBUG is off: resident IDs are "
                f"stored encrypted under them. Generate each key with: {GENERATE_HINT} "
                f"(in development, DEBUG=1 generates keys into VAR_DIR/{DEV_KEYS_FILE})")
        keys = dev_keys(var_dir)
        os.environ.update(keys)
        logger.warning("resident IDs: DEBUG and no %s/%s set, so using development keys "
                       "generated in %s (never use them in production)",
                       ENCRYPTION_ENV, HASH_ENV, Path(var_dir) / DEV_KEYS_FILE)
        encryption, hashing = keys[ENCRYPTION_ENV], keys[HASH_ENV]
    return parse_encryption_keys(encryption), _key(hashing, HASH_ENV)
