"""One normaliser for text people type or paste: forms and the roster import alike.

Pasted text brings what nobody sees: terminal colour codes, zero-width spaces, bidi overrides
(which show "三张" for 张三), BOMs, control characters. They would make two names that look the
same differ, hide text, or upset terminals and CSV readers. `clean_text` removes them, turns
every kind of space and line break into one space, composes accents (NFC) and makes full-width
letters and digits ASCII. It does not apply NFKC to free text: NFKC would turn the full-width
punctuation of Chinese names into ASCII (（分公司） into (分公司)) and a harmless "＝1+1" into
the formula "=1+1". Codes, numbers and dates (`clean_code`) do get NFKC.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# ESC [ ... final (CSI), ESC ] ... BEL or ESC \ (OSC), and ESC with one more character.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]?")
# Every space, tab and line break (Unicode's notion): one space.
_SPACES = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
# Full-width digits and Latin letters (U+FF10-FF19, FF21-FF3A, FF41-FF5A) to ASCII.
_WIDE_ALNUM = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                 *range(0xFF41, 0xFF5B)]}
# Categories removed: controls (Cc), format characters (Cf: zero-width, bidi, BOM, soft
# hyphen...), lone surrogates (Cs, which no database can store).
_REMOVED_CATEGORIES = {"Cc", "Cf", "Cs"}


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in _REMOVED_CATEGORIES


def _strip(value: str, multiline: bool) -> str:
    value = _ANSI.sub("", value)
    lines = _LINE_BREAKS.split(value) if multiline else [value]
    cleaned = []
    for line in lines:
        line = "".join(" " if c.isspace() else c for c in line if c.isspace() or not _invisible(c))
        cleaned.append(_SPACES.sub(" ", line).strip())
    result = "\n".join(cleaned)
    return re.sub(r"\n{3,}", "\n\n", result).strip() if multiline else result


def _nfkc(value: str) -> str:
    if value.isascii() or unicodedata.is_normalized("NFKC", value):
        return value
    return unicodedata.normalize("NFKC", value)


def clean_text(value: object, *, multiline: bool = False) -> str:
    """Free text (names, notes): invisible characters out, spaces collapsed, full-width
    letters and digits ASCII; line breaks kept (at most one empty line) when multiline."""
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():  # most values: nothing to remove
        return _SPACES.sub(" ", text).strip()
    return unicodedata.normalize("NFC", _strip(text, multiline)).translate(_WIDE_ALNUM)


def clean_code(value: object) -> str:
    """Codes, numbers, dates and phones as typed: invisible characters out, full NFKC (a
    full-width "－" in a phone number is a hyphen), spaces collapsed."""
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():
        return _SPACES.sub(" ", text).strip()
    # NFKC may bring spaces back ("⑴" is "(1)", U+FFA0 a space): collapse after it.
    return _SPACES.sub(" ", _nfkc(_strip(text, False))).strip()


class CleanCharField(forms.CharField):
    """A form's free-text field: cleaned by `clean_text`; a value that was all invisible
    characters is refused rather than silently taken as empty."""

    def to_python(self, value):
        raw = value
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = clean_text(value, multiline=isinstance(self.widget, forms.Textarea))
        if not value and isinstance(raw, str) and raw.strip():
            raise ValidationError(
                _("Only invisible characters were entered; please type the text itself."),
                code="invisible")
        return value


def clean_text_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """`Meta.formfield_callback` of ModelForms: every free-text model field (CharField or
    TextField without choices) gets a CleanCharField."""
    if isinstance(db_field, (models.CharField, models.TextField)) and not db_field.choices:
        kwargs.setdefault("form_class", CleanCharField)
    return db_field.formfield(**kwargs)
