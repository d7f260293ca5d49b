"""Free text, one normaliser: what people paste (terminal colours, zero-width spaces, bidi
overrides, BOMs, control characters) never reaches the registry, and full-width text that is
harmless stays harmless."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from common.text import CleanCharField, clean_code, clean_text
from members.forms import MemberForm
from members.importing import normalize
from members.importing.normalize import CellError
from organizations.forms import EmployerForm, FederationForm, UnionForm


@pytest.mark.parametrize(("raw", "clean"), [
    ("张\x00三\x07", "张三"),  # C0 controls
    ("张三\x7f", "张三"),  # DEL
    ("张\x9b三\x80", "张三"),  # C1 controls
    ("\x1b[31m张三\x1b[0m", "张三"),  # ANSI colour
    ("\x1b]8;;http://evil\x07张三\x1b]8;;\x07", "张三"),  # OSC hyperlink
    ("\x1b[2J\x1b[H张三", "张三"),  # clear screen, cursor home
    ("张\u200b三\u200c\u200d", "张三"),  # zero-width space, non-joiner, joiner
    ("张\u2060三", "张三"),  # word joiner
    ("\ufeff张三", "张三"),  # BOM
    ("\u202e三张\u202c", "三张"),  # right-to-left override
    ("\u2066张三\u2069\u200e\u200f\u061c", "张三"),  # isolates and marks
    ("Li\tMing\r\n", "Li Ming"),  # tab and line ends are spaces
    ("Li\u3000\u00a0 Ming", "Li Ming"),  # ideographic and no-break spaces collapse
    ("ＡＢＣ有限公司１２３", "ABC有限公司123"),  # full-width letters and digits
    ("甲公司（分公司）、乙", "甲公司（分公司）、乙"),  # Chinese punctuation stays
    ("e\u0301", "\u00e9"),  # accents composed
    ("＝1+1", "＝1+1"),  # stays full-width: NFKC would make a formula of it
    ("＋86 138", "＋86 138"),
    ("－5", "－5"),
    ("＠所有人", "＠所有人"),
    ("﹦1", "﹦1"),
    ("⁼1", "⁼1"),
    ("", ""),
    (None, ""),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_text_keeps_line_breaks_when_asked():
    assert clean_text("一\r\n\u200b二\n\n\n三 ", multiline=True) == "一\n二\n\n三"


def test_clean_code_is_plain_ascii_where_it_can_be():
    assert clean_code("１１０１０５\u200b１９４９１２３１００２Ｘ") == "11010519491231002X"
    assert clean_code("＋86－138") == "+86-138"


@pytest.mark.parametrize("raw", ["\u200b\u200b", "\ufeff", "\x1b[0m", "\u202e \u2066"])
def test_a_value_of_nothing_visible_is_refused(raw):
    field = CleanCharField(required=False)
    with pytest.raises(ValidationError) as excinfo:
        field.clean(raw)
    assert excinfo.value.code == "invisible"
    assert "不可见" in excinfo.value.messages[0]


HOSTILE_NAME = "\x1b[31m\u202e甲\u200b公司\ufeff\x00工会"


def test_the_union_forms_clean_their_free_text(tree, city_officer):
    form = UnionForm(data={"name": HOSTILE_NAME, "chair_name": "王\u200b五\x7f",
                           "chair_phone": "138\u2060 0000 1111"}, user=city_officer)
    form.is_valid()
    assert form.cleaned_data["name"] == "甲公司工会"
    assert form.cleaned_data["chair_name"] == "王五"
    assert form.cleaned_data["chair_phone"] == "138 0000 1111"
    form = FederationForm(data={"name": "\u200b\u200b"}, parent=tree.city)
    assert not form.is_valid() and "不可见" in form.errors["name"][0]


def test_the_employer_form_cleans_name_and_note(tree, city_officer):
    form = EmployerForm(data={"name": HOSTILE_NAME, "no_union_note": "一\u202e\r\n二"},
                        user=city_officer)
    form.is_valid()
    assert form.cleaned_data["name"] == "甲公司工会"
    assert form.cleaned_data["no_union_note"] == "一\n二"


def test_the_member_form_cleans_the_name(tree):
    form = MemberForm(data={"name": "\ufeff张\u200b三\x1b[0m", "phone": "\u200e13800001111"},
                      union=tree.union_a)
    form.is_valid()
    assert form.cleaned_data["name"] == "张三"
    assert form.cleaned_data["phone"] == "13800001111"
    form = MemberForm(data={"name": "\u200b"}, union=tree.union_a)
    assert not form.is_valid() and "不可见" in form.errors["name"][0]


def test_the_import_cleans_names_the_same_way():
    assert normalize.name(HOSTILE_NAME) == "甲公司工会"
    assert normalize.name("＝1+1") == "＝1+1"
    with pytest.raises(CellError) as excinfo:
        normalize.name("\u200b\u200b")
    assert excinfo.value.code == "invisible"
    assert normalize.resident_id("\ufeff11010519491231002X\u200b") == "11010519491231002X"
