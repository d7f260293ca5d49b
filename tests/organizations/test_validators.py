import pytest
from django.core.exceptions import ValidationError

from members.identity import (
    birth_date_of,
    gender_of,
    mask_resident_id,
    normalize_resident_id,
    validate_resident_id,
)
from organizations.validators import normalize_credit_code, validate_credit_code

# Real checksums: computed by the GB 11643 / GB 32100 weights, not by our code.
VALID_IDS = ["11010519491231002X", "440305198001010013", "320202198506151231"]
VALID_CODES = ["91350100M000100Y43", "91110000600037341L", "91320200MA1MXGQ04J"]


@pytest.mark.parametrize("value", VALID_IDS)
def test_valid_resident_ids_pass(value):
    validate_resident_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "checksum"),  # last digit changed
        ("440305198001010014", "checksum"),
        ("110105194913310021", "birth_date"),  # month 13, valid check digit
        ("1101051949123100", "format"),  # too short
        ("ABCDEFGHIJKLMNOPQR", "format"),
    ],
)
def test_invalid_resident_ids_fail_with_a_reason(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id(value)
    assert excinfo.value.code == code


def test_resident_id_facts_and_masking():
    rid = normalize_resident_id(" 11010519491231002x ")
    assert rid == "11010519491231002X"
    assert gender_of(rid) == "F"  # 17th digit 2 is even
    assert gender_of("320202198506151231") == "M"
    assert str(birth_date_of(rid)) == "1949-12-31"
    # The last four only: all the database keeps in the clear (common.sealed_id).
    assert mask_resident_id(rid) == "**************002X"


@pytest.mark.parametrize("value", VALID_CODES)
def test_valid_credit_codes_pass(value):
    validate_credit_code(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91350100M000100Y44", "checksum"),
        ("91110000600037341A", "checksum"),
        ("9111000060003734", "length"),
        ("9111000060003734IL", "character"),  # I is not in the alphabet
    ],
)
def test_invalid_credit_codes_fail_with_a_reason(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(value)
    assert excinfo.value.code == code


def test_credit_code_normalised():
    assert normalize_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"


def test_messages_are_chinese_by_default():
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id("110105194912310021")
    assert "校验" in excinfo.value.messages[0]


def test_ids_of_people_born_before_1983_are_accepted():
    # python-stdnum's region history starts in 1983; a Wuxi ID from 1970 is real all the same.
    validate_resident_id("32021119700307001X")


def test_unknown_region_code_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id("000000199001010018")
    assert excinfo.value.code == "birth_date"


# GB 32100 registration authorities that are not market regulation: N 农业 (村集体经济组织),
# Y 其他, A 中央军委改革和编制办公室, G ..., and 3 司法行政 / 8 工会, which start with a digit but
# carry letters in the organisation code. Check characters by stdnum's own weights (3^i mod 31).
OTHER_AUTHORITY_CODES = ["N2330502MF0000001T", "Y1110108MA01ABCD0M", "A1100000MB12345676",
                         "31110000E00017891P", "81320200MC0012345D", "G1440300MB2C3456X8"]


@pytest.mark.parametrize("value", OTHER_AUTHORITY_CODES)
def test_codes_of_every_registration_authority_pass(value):
    validate_credit_code(value)


@pytest.mark.parametrize(("value", "code", "words"), [
    ("N2330502MF0000001U", "checksum", "校验"),
    ("N2330502MF000001T", "length", "18"),
    ("N2330502MF0000001TT", "length", "18"),
    ("N2330502MF00000I1T", "character", "I"),
    ("J2330502MF0000001T", "authority", "J"),
    ("02330502MF0000001T", "authority", "0"),
])
def test_a_wrong_code_is_refused_with_a_truthful_reason(value, code, words):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(value)
    assert excinfo.value.code == code
    assert words in excinfo.value.messages[0]
