"""A resident ID stored the way the registry stores them: never in plain text.

Any model that holds a person's resident ID (members; officers too) inherits `SealedResidentId`
and its QuerySet inherits `SealedIdQuerySet`:

    class Officer(SealedResidentId, models.Model): ...        # three columns, below
    officer = Officer(resident_id="11010519491231002X")       # sealed on assignment
    Officer.objects.with_resident_id(typed)                   # equality through the keyed hash
    officer.masked_resident_id                                # "**************002X"
    officer.reveal_resident_id()                              # decrypts: audited actions only

Columns: `resident_id_enc` (AES-GCM ciphertext, common.crypto), `resident_id_hash` (HMAC-SHA256
under ID_HASH_KEY, indexed: put a model's uniqueness rule on it), `resident_id_last4` (what the
masked ID and the search by last digits show). Nothing else of the ID is stored here, so the
masked form cannot show the region code either: that, the birth month and the last four
together would leave about three candidates for the whole ID.

`resident_id` reads back only a value assigned in this process (a form, an import row); an ID
loaded from the database stays sealed until `reveal_resident_id()`, so no page, export or
API answer can show a full ID by accident.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from common import crypto

MASK_STARS = 14  # an 18-character ID shows its last four characters only
SEALED_FIELDS = ("resident_id_enc", "resident_id_hash", "resident_id_last4")


class ResidentIdSealed(AttributeError):
    """The plain ID was not assigned in this process; use reveal_resident_id() (audited)."""

    silent_variable_failure = True  # a template that tries shows nothing, never the ID


def normalize_resident_id(value: str) -> str:
    """Compact form with an upper-case X check character; no spaces (as IDs get pasted), so
    that one person always gives one keyed hash."""
    return ric.compact("".join((value or "").split())).upper()


def mask_tail(last4: str) -> str:
    """The masked ID from its last four characters: "**************123X"."""
    return "*" * MASK_STARS + last4 if last4 else ""


class SealedIdQuerySet(models.QuerySet):
    def with_resident_id(self, value: str) -> SealedIdQuerySet:
        """Rows of this person (equality on the keyed hash: indexed, nothing decrypted)."""
        return self.filter(resident_id_hash=crypto.keyed_hash(normalize_resident_id(value)))

    def with_resident_ids(self, values: Iterable[str]) -> SealedIdQuerySet:
        c = crypto.cipher()
        return self.filter(resident_id_hash__in=[c.keyed_hash(normalize_resident_id(v))
                                                 for v in values])

    def with_id_tail(self, tail: str) -> SealedIdQuerySet:
        """The last characters (at most the four the masked ID shows)."""
        return self.filter(resident_id_last4__endswith=tail.upper()[-4:])


class SealedResidentId(models.Model):
    resident_id_enc = models.CharField(_("resident ID, encrypted"), max_length=100, editable=False)
    resident_id_hash = models.BinaryField(
        _("resident ID, keyed hash"), max_length=crypto.HASH_BYTES, editable=False, db_index=True)
    resident_id_last4 = models.CharField(_("resident ID, last 4"), max_length=4, editable=False)

    _plain_resident_id: str | None = None

    class Meta:
        abstract = True

    @property
    def resident_id(self) -> str:
        plain = self._plain_resident_id
        if plain is not None and crypto.keyed_hash(plain) == bytes(self.resident_id_hash or b""):
            return plain
        if plain is None and not self.resident_id_enc:
            return ""  # a new object with no ID yet
        raise ResidentIdSealed("the stored resident ID is encrypted; reveal_resident_id() decrypts")

    @resident_id.setter
    def resident_id(self, value: str) -> None:
        plain = normalize_resident_id(value)
        self._plain_resident_id = plain
        self.resident_id_enc, self.resident_id_hash, self.resident_id_last4 = (
            crypto.cipher().seal(plain) if plain else ("", b"", ""))
        self.resident_id_assigned(plain)

    def resident_id_assigned(self, plain: str) -> None:
        """Hook: derive what a model keeps from the ID (members: sex and birth month)."""

    def has_resident_id(self, value: str) -> bool:
        stored = bytes(self.resident_id_hash or b"")
        return crypto.keyed_hash(normalize_resident_id(value)) == stored

    def reveal_resident_id(self) -> str:
        """Decrypt the stored ID: only for the deliberate, audited acts (full ID, full export)."""
        return crypto.decrypt(self.resident_id_enc) if self.resident_id_enc else ""

    @property
    def masked_resident_id(self) -> str:
        return mask_tail(self.resident_id_last4)

    def sealed_values(self) -> dict:
        """The stored columns, to copy the same person's ID to another row without decrypting."""
        return {name: getattr(self, name) for name in SEALED_FIELDS}
