"""Checks of national identifiers, with messages staff can act on."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

# GB 32100: 18 characters from 31 (no I, O, S, V, Z); the first is the registration
# authority: 1-9 (机构编制, 外交, 司法行政, 文化, 民政, 旅游, 宗教, 工会, 工商/市场监管),
# A-H (中央军委改革和编制办公室 and authorities added since), N (农业), Y (其他).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
AUTHORITIES = "123456789ABCDEFGHNY"


def normalize_credit_code(value: str) -> str:
    """Return the compact, upper-case form of a unified social credit code (GB 32100)."""
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    """Every code GB 32100 allows. python-stdnum's own check wants eight leading digits and
    refuses the codes of authorities other than market regulation (N…, Y…, A…): only its
    check-character arithmetic (weights 3^i mod 31) is used here."""
    number = normalize_credit_code(value)
    if len(number) != 18:
        raise ValidationError(
            _("%(code)s is not a unified social credit code: it must be 18 characters, "
              "not %(length)s."),
            code="length", params={"code": value, "length": len(number)})
    wrong = "".join(dict.fromkeys(c for c in number if c not in ALPHABET))
    if wrong:
        raise ValidationError(
            _("%(code)s is not a unified social credit code: it contains %(chars)s, which no "
              "credit code uses (only digits and capital letters other than I, O, S, V, Z)."),
            code="character", params={"code": value, "chars": wrong})
    if number[0] not in AUTHORITIES:
        raise ValidationError(
            _("%(code)s is not a unified social credit code: its first character %(first)s is "
              "not a registration authority code (1-9, A-H, N or Y)."),
            code="authority", params={"code": value, "first": number[0]})
    if number[-1] != uscc.calc_check_digit(number[:17]):
        raise ValidationError(
            _("The unified social credit code %(code)s has a wrong check character; please check it."),
            code="checksum", params={"code": value})
