"""Resident IDs sealed at rest: what is stored, the rules on the keyed hash, keys and rotation."""

from __future__ import annotations

import base64
import datetime
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.template import Context, Template

from common import crypto
from common.sealed_id import ResidentIdSealed
from members import services
from members.lookups import membership_lookup
from members.models import Member, MemberStatus
from tests import factories as f

ROOT = Path(settings.BASE_DIR)


def _key() -> bytes:
    return os.urandom(32)


def _row(member: Member) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM members_member WHERE id = %s", [member.pk])
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone()))


def test_the_row_holds_ciphertext_hash_and_last_four_only(tree):
    member = tree.member_a
    plain = member.resident_id
    row = _row(member)
    assert "resident_id" not in row
    assert plain not in str(row.values())
    assert row["resident_id_enc"].startswith(crypto.cipher().current_key_id + ":")
    assert bytes(row["resident_id_hash"]) == crypto.keyed_hash(plain)
    assert row["resident_id_last4"] == plain[-4:]
    # Year and month of birth only: the day is 2 of the 8 digits the mask hides.
    stored_birth = datetime.date.fromisoformat(str(row["birth_date"]))
    assert stored_birth == datetime.date(int(plain[6:10]), int(plain[10:12]), 1)


def test_a_loaded_member_does_not_decrypt_by_itself(tree):
    loaded = Member.objects.get(pk=tree.member_a.pk)
    with pytest.raises(ResidentIdSealed):
        loaded.resident_id  # noqa: B018
    assert Template("[{{ m.resident_id }}]").render(Context({"m": loaded})) == "[]"
    assert loaded.masked_resident_id == "*" * 14 + tree.member_a.resident_id[-4:]
    assert loaded.reveal_resident_id() == tree.member_a.resident_id


def test_search_by_full_id_uses_the_keyed_hash(tree, editor_a):
    plain = tree.member_a.resident_id
    typed = f"{plain[:6]} {plain[6:14]} {plain[14:].lower()}"  # as people paste it
    assert list(Member.objects.with_resident_id(typed)) == [tree.member_a]
    assert not Member.objects.with_resident_id(f.resident_id()).exists()
    assert list(Member.objects.with_resident_ids([plain, tree.member_b.resident_id])
                .order_by("pk")) == [tree.member_a, tree.member_b]
    found = membership_lookup(resident_id=tree.member_b.resident_id, by=editor_a)
    assert found == tree.member_b


def test_duplicate_detection_in_the_form_service(tree, editor_a):
    with pytest.raises(ValidationError) as excinfo:
        services.member_create(union=tree.union_a, by=editor_a, name="重复",
                               resident_id=tree.member_b.resident_id.lower(),
                               joined_on=datetime.date(2024, 3, 1))
    assert "resident_id" in excinfo.value.message_dict
    assert Member.objects.with_resident_id(tree.member_b.resident_id).count() == 1


def test_a_changed_id_is_sealed_again_and_an_unchanged_one_is_not_rewritten(tree, editor_a):
    member = Member.objects.get(pk=tree.member_a.pk)
    before = _row(member)["resident_id_enc"]
    member = services.member_update(member=member, by=editor_a, version=member.version,
                                    resident_id=tree.member_a.resident_id, name="张三")
    assert _row(member)["resident_id_enc"] == before
    new_id = f.resident_id(female=True)
    member = services.member_update(member=Member.objects.get(pk=member.pk), by=editor_a,
                                    version=member.version, resident_id=new_id)
    fresh = Member.objects.get(pk=member.pk)
    assert (fresh.reveal_resident_id(), fresh.gender) == (new_id, "F")
    assert fresh.resident_id_last4 == new_id[-4:]


def test_a_transfer_copies_the_sealed_id_without_decrypting(tree, editor_a, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a transfer must not decrypt")

    monkeypatch.setattr(crypto.IdCipher, "decrypt", refuse)
    city = f.staff("city_admin", tree.city, "admin")
    moved = services.member_transfer(member=tree.member_a, to_union=tree.union_b, by=city)
    old = Member.objects.get(pk=tree.member_a.pk)
    assert old.status == MemberStatus.TRANSFERRED
    assert bytes(moved.resident_id_hash) == bytes(old.resident_id_hash)
    assert (moved.gender, moved.birth_date) == (old.gender, old.birth_date)
    assert Member.objects.with_resident_id(tree.member_a.resident_id).active().get() == moved


def _insert(union, plain: str, ready: threading.Barrier, outcome: list) -> None:
    try:
        with transaction.atomic():
            member = Member(union=union, name="并发", resident_id=plain,
                            joined_on=datetime.date(2024, 1, 1))
            ready.wait(10)  # both rows go in while the other transaction is open
            member.save()
        outcome.append("saved")
    except IntegrityError:
        outcome.append("refused")
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_active_membership_holds_under_two_concurrent_inserts(tree):
    plain = f.resident_id()
    ready, outcome = threading.Barrier(2), []
    threads = [threading.Thread(target=_insert, args=(union, plain, ready, outcome))
               for union in (tree.union_a, tree.union_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(outcome) == ["refused", "saved"]
    assert Member.objects.with_resident_id(plain).active().count() == 1


def _keys(*pairs: tuple[str, bytes]) -> tuple[tuple[str, bytes], ...]:
    return tuple(pairs)


def test_a_rotated_key_still_decrypts_and_rotation_moves_everything(tree, settings):
    old_kid, old_key = settings.ID_ENCRYPTION_KEYS[0]
    member = Member.objects.get(pk=tree.member_a.pk)
    new_key = _key()
    settings.ID_ENCRYPTION_KEYS = _keys(("k2", new_key), (old_kid, old_key))
    assert member.reveal_resident_id() == tree.member_a.resident_id  # old key still opens it
    newer = f.member(tree.union_a)
    assert _row(newer)["resident_id_enc"].startswith("k2:")  # new writes use the first key

    call_command("rotate_id_keys", stdout=io.StringIO())
    encs = Member.objects.values_list("resident_id_enc", flat=True)
    assert all(e.startswith("k2:") for e in encs)
    settings.ID_ENCRYPTION_KEYS = _keys(("k2", new_key))  # the old key is gone
    assert Member.objects.get(pk=member.pk).reveal_resident_id() == tree.member_a.resident_id
    settings.ID_ENCRYPTION_KEYS = _keys((old_kid, old_key))
    with pytest.raises(crypto.IdDecryptError):
        Member.objects.get(pk=member.pk).reveal_resident_id()


def test_a_new_hash_key_needs_rehash_ids(tree, settings):
    plain = tree.member_a.resident_id
    settings.ID_HASH_KEY = _key()
    assert not Member.objects.with_resident_id(plain).exists()  # look-ups are blind until...
    call_command("rehash_ids", stdout=io.StringIO())
    assert list(Member.objects.with_resident_id(plain)) == [tree.member_a]


def _django_setup(env: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items()
            if k in {"PATH", "HOME", "LANG", "PYTHONPATH", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env={**keep, "DJANGO_SETTINGS_MODULE": "unionreg.settings", "SECRET_KEY": "x",
                       "VAR_DIR": str(var_dir), **env},
        capture_output=True, text=True, timeout=60, check=False,
    )


def test_production_settings_refuse_to_start_without_keys(tmp_path):
    result = _django_setup({"DEBUG": "0"}, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ID_ENCRYPTION_KEYS and ID_HASH_KEY must be set" in result.stderr
    assert not (tmp_path / "dev-keys.json").exists()
    half = _django_setup({"DEBUG": "0", "ID_HASH_KEY": base64.b64encode(_key()).decode()}, tmp_path)
    assert half.returncode != 0 and "ID_ENCRYPTION_KEYS" in half.stderr
    short = _django_setup({"DEBUG": "0",
                           "ID_ENCRYPTION_KEYS": "k1:" + base64.b64encode(b"x" * 16).decode(),
                           "ID_HASH_KEY": base64.b64encode(_key()).decode()}, tmp_path)
    assert short.returncode != 0 and "32 bytes" in short.stderr


def test_debug_generates_development_keys_once_and_says_so(tmp_path):
    first = _django_setup({"DEBUG": "1"}, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "development keys" in first.stderr
    keys = (tmp_path / "dev-keys.json").read_text()
    assert oct((tmp_path / "dev-keys.json").stat().st_mode & 0o777) == "0o600"
    again = _django_setup({"DEBUG": "1"}, tmp_path)
    assert again.returncode == 0 and (tmp_path / "dev-keys.json").read_text() == keys
