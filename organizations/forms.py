"""Forms of the tree and employers: they parse input; the services validate and save."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from common.text import clean_text_formfield
from organizations import selectors
from organizations.concurrency import CONFLICT_MESSAGE
from organizations.facts import EMPLOYER_FACT_FIELDS, UNION_SURVEY_FIELDS
from organizations.models import ALLOWED_PARENTS, Employer, Formation, Level, Union, UnionStatus
from organizations.validators import validate_credit_code
from organizations.web import ServiceValidatedModelForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Codes and IDs: monospaced, and no browser autocorrection of their letters.
CODE_ATTRS = {"class": "mono", "autocomplete": "off", "spellcheck": "false"}


class CodeField(forms.CharField):
    """An 18-character national code as typed or pasted: spaces removed, upper case.

    Longer than the stored 18 characters, since codes often come in groups with spaces; checked
    on the field too, so a wrong code shows together with the form's other errors.
    """

    def __init__(self, model: type, name: str, validator, **kwargs) -> None:
        # A label of its own for a value that is no model field (a sealed resident ID).
        label = kwargs.pop("label", None) or model._meta.get_field(name).verbose_name
        super().__init__(
            label=label, max_length=40,
            widget=forms.TextInput(attrs=CODE_ATTRS), validators=[validator], **kwargs,
        )

    def to_python(self, value):
        return "".join(super().to_python(value).split()).upper()


class VersionField(forms.IntegerField):
    """The row version the editor saw; the service refuses a save over a newer one.

    Required: a POST without it (a hand-made request, a stale script) would otherwise skip the
    check and overwrite. Missing or malformed, it is refused with the conflict message.
    """

    def __init__(self) -> None:
        message = {"required": CONFLICT_MESSAGE, "invalid": CONFLICT_MESSAGE,
                   "min_value": CONFLICT_MESSAGE}
        super().__init__(widget=forms.HiddenInput, required=True, min_value=1,
                         error_messages=message)


class TreeChoiceField(forms.ModelChoiceField):
    """Nodes indented by depth, so the tree reads as a tree in a plain <select>."""

    def label_from_instance(self, obj: Union) -> str:
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class UnionForm(ServiceValidatedModelForm):
    """建会登记 / edit of a grassroots union, with the employers it covers."""

    employers = forms.ModelMultipleChoiceField(
        label=_("Covered employers"),
        queryset=Employer.objects.none(),
        widget=forms.MultipleHiddenInput,
        required=False,  # the service says how many a formation needs, in its own words
    )
    version = VersionField()

    class Meta:
        model = Union
        formfield_callback = clean_text_formfield  # names and notes through common.text
        fields = [
            "name", "formation", "founded_on", "status", "chair_name", "chair_phone",
            "has_workers_congress", "has_open_management", "industry_federation", "credit_code",
            "certificate_number", "area_code", *UNION_SURVEY_FIELDS,
        ]
        widgets = {
            "formation": forms.RadioSelect,
            "founded_on": DATE_INPUT,
            "area_code": forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
        }
        help_texts = {
            "status": _("A new union starts its preparation (筹备) and waits for the approval of "
                        "the federation above; register an existing union as founded, with its "
                        "founding date."),
        }

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        union = self.instance if self.instance.pk else None
        # The same scoped queryset the picker searches: a forged id outside it is refused.
        self.fields["employers"].queryset = selectors.employer_choices_for_union(
            user=user, union=union
        )
        self.fields["formation"].choices = Formation.choices
        self.fields["formation"].required = True
        self._fit_to_the_life_cycle(union)
        for name in UNION_SURVEY_FIELDS:
            self.fields[name].required = False  # left empty: none
        if union is not None:
            self.fields["employers"].initial = list(union.employers.values_list("pk", flat=True))
            self.fields["version"].initial = union.version

    def _fit_to_the_life_cycle(self, union: Union | None) -> None:
        """New: preparing, or an existing union registered as founded. Afterwards the status
        moves by the 建会 steps only, and the founding facts belong to a founded union."""
        if union is None:
            self.fields["status"].choices = [
                (s.value, s.label) for s in (UnionStatus.PREPARING, UnionStatus.ACTIVE)]
            self.fields["status"].initial = UnionStatus.PREPARING
            return
        del self.fields["status"]
        if union.status != UnionStatus.ACTIVE:
            del self.fields["founded_on"]
            del self.fields["certificate_number"]

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in UNION_SURVEY_FIELDS:
            if cleaned.get(name) is None and name in self.fields:
                cleaned[name] = 0
        return cleaned

    def selected_employers(self) -> list[Employer]:
        """The employers to show as chips: what was posted, or what the union covers now."""
        if self.is_bound:
            ids = [v for v in self.data.getlist("employers") if v.isdigit()]
        else:
            ids = self.fields["employers"].initial or []
        return list(self.fields["employers"].queryset.filter(pk__in=ids))


class FederationForm(ServiceValidatedModelForm):
    """A county, township or village federation under `parent` (admins only)."""

    class Meta:
        model = Union
        formfield_callback = clean_text_formfield
        fields = ["name", "level", "founded_on", "chair_name", "chair_phone", "credit_code",
                  "area_code"]
        widgets = {"founded_on": DATE_INPUT,
                   "area_code": forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"})}

    def __init__(self, *args, parent: Union, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (value, label) for value, label in Level.choices
            if value != Level.GRASSROOTS and parent.level in ALLOWED_PARENTS[value]
        ]


class EmployerForm(ServiceValidatedModelForm):
    credit_code = CodeField(Employer, "credit_code", validate_credit_code)
    version = VersionField()

    class Meta:
        model = Employer
        formfield_callback = clean_text_formfield
        fields = [
            "name", "credit_code", "ownership", "industry", "node", "employees",
            "migrant_employees", "no_union_reason", "no_union_note", *EMPLOYER_FACT_FIELDS,
        ]
        field_classes = {"node": TreeChoiceField}
        widgets = {
            "no_union_note": forms.Textarea(attrs={"rows": 2}),
            "industry_division": forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }
        help_texts = {
            "ownership": _("With an economic type, choose the ownership it allows (e.g. a "
                           "private enterprise, 170, is privately owned)."),
        }

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = selectors.federation_list(user=user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
