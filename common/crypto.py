"""Resident IDs at rest: authenticated encryption and a keyed hash, fast enough for millions.

- `encrypt` / `decrypt`: AES-256-GCM with a fresh random 96-bit nonce per value. A stored value
  is "<key id>:<base64 of nonce + ciphertext + tag>", so several keys can be active at once:
  new values use the first key of settings.ID_ENCRYPTION_KEYS, old ones still decrypt under
  theirs until `manage.py rotate_id_keys` re-encrypts them.
- `keyed_hash`: HMAC-SHA256 of the normalised ID under settings.ID_HASH_KEY (32 bytes). Equal
  IDs give equal hashes, so uniqueness and look-ups stay in the database and indexed; without
  the key nobody can hash the (small) space of valid IDs to reverse one. The hash key cannot
  be rotated by re-encryption: a new one needs `manage.py rehash_ids` (see README).

The keys are parsed once at start-up (unionreg.id_keys); this module never reads the
environment. Bulk writers (seeding, imports, the migration) take one `IdCipher` and call its
`seal_many`: at city scale the per-call overhead is most of the cost.
"""

from __future__ import annotations

import binascii
import functools
import hashlib
import os
from collections.abc import Iterable, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32
HASH_BYTES = 32
_NONCE_BLOCK = 4_096  # nonces drawn from the OS at once: one syscall, not one per value


class IdDecryptError(ValueError):
    """A stored value that no configured key opens (unknown key id, wrong key, tampered)."""


Keys = Sequence[tuple[str, bytes]]


class IdCipher:
    """Encryption under a list of (key id, key) (the first is current) and the keyed hash."""

    def __init__(self, keys: Keys, hash_key: bytes):
        if not keys:
            raise ValueError("at least one encryption key is needed")
        self.current_key_id = keys[0][0]
        self.prefix = f"{self.current_key_id}:"
        self._aead = {kid: AESGCM(key) for kid, key in keys}
        self._encrypt = self._aead[self.current_key_id].encrypt
        # HMAC (RFC 2104) with its two padded-key states computed once: the same bytes as
        # hmac.digest(key, msg, "sha256") at a third of its cost per call.
        key = hash_key if len(hash_key) <= 64 else hashlib.sha256(hash_key).digest()
        block = key.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block)).copy
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block)).copy
        self._nonces = b""
        self._nonce_at = 0

    def keyed_hash(self, plain: str) -> bytes:
        inner = self._inner()
        inner.update(plain.encode())
        outer = self._outer()
        outer.update(inner.digest())
        return outer.digest()

    def _nonce(self) -> bytes:
        at = self._nonce_at
        if at + NONCE_BYTES > len(self._nonces):
            self._nonces, at = os.urandom(NONCE_BYTES * _NONCE_BLOCK), 0
        self._nonce_at = at + NONCE_BYTES
        return self._nonces[at:at + NONCE_BYTES]

    def encrypt(self, plain: str) -> str:
        nonce = self._nonce()
        sealed = nonce + self._encrypt(nonce, plain.encode(), None)
        return self.prefix + binascii.b2a_base64(sealed, newline=False).decode("ascii")

    def decrypt(self, token: str) -> str:
        kid, sep, body = token.partition(":")
        aead = self._aead.get(kid)
        if not sep or aead is None:
            raise IdDecryptError(f"no configured ID encryption key has the id {kid!r}")
        try:
            raw = binascii.a2b_base64(body)
            return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None).decode()
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise IdDecryptError(f"a value under key {kid!r} does not decrypt") from exc

    def is_current(self, token: str) -> bool:
        return token.startswith(self.prefix)

    def seal(self, plain: str) -> tuple[str, bytes, str]:
        """(ciphertext, keyed hash, last four characters): the three stored columns."""
        return self.encrypt(plain), self.keyed_hash(plain), plain[-4:]

    def seal_many(self, plains: Sequence[str]) -> list[tuple[str, bytes, str]]:
        """`seal` for a batch, the per-value work inlined: at city scale the Python around
        the two C calls costs more than they do (seeding seals 2.67 million)."""
        aead, b2a, prefix = self._encrypt, binascii.b2a_base64, self.prefix
        inner, outer = self._inner, self._outer
        nonces = os.urandom(NONCE_BYTES * len(plains))
        sealed = []
        for at, plain in zip(range(0, len(nonces), NONCE_BYTES), plains):
            data = plain.encode()
            nonce = nonces[at:at + NONCE_BYTES]
            mac = inner()
            mac.update(data)
            digest = outer()
            digest.update(mac.digest())
            sealed.append((prefix + b2a(nonce + aead(nonce, data, None), newline=False).decode(),
                           digest.digest(), plain[-4:]))
        return sealed

    def keyed_hashes(self, plains: Iterable[str]) -> list[bytes]:
        inner, outer, hashes = self._inner, self._outer, []
        for plain in plains:
            mac = inner()
            mac.update(plain.encode())
            digest = outer()
            digest.update(mac.digest())
            hashes.append(digest.digest())
        return hashes

    def decrypt_many(self, tokens: Iterable[str]) -> list[str]:
        decrypt = self.decrypt
        return [decrypt(t) for t in tokens]


@functools.lru_cache(maxsize=8)
def _cipher_for(keys: tuple[tuple[str, bytes], ...], hash_key: bytes) -> IdCipher:
    return IdCipher(keys, hash_key)


def cipher() -> IdCipher:
    """The cipher of the current settings (cached; a test's override_settings gets its own)."""
    from django.conf import settings

    return _cipher_for(tuple(settings.ID_ENCRYPTION_KEYS), settings.ID_HASH_KEY)


def encrypt(plain: str) -> str:
    return cipher().encrypt(plain)


def decrypt(token: str) -> str:
    return cipher().decrypt(token)


def keyed_hash(plain: str) -> bytes:
    return cipher().keyed_hash(plain)
