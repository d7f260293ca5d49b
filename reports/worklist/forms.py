"""Forms of the work-list's writes: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from organizations.forms import DATE_INPUT
from reports.worklist.models import VisitKind
from reports.worklist.selectors import assignable_staff

MAX_TARGET = 10_000_000


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=get_user_model().objects.none(),
                                      required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DATE_INPUT, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False,
                            widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Accounts of the user's area only: a forged id outside it is no choice.
        self.fields["assignee"].queryset = assignable_staff(user=user)


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was done"), choices=VisitKind.choices)
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}))


class TargetsForm(forms.Form):
    """One pair of fields (new unions, new members) per child federation."""

    def __init__(self, *args, children, targets: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            target = targets.get(child.pk)
            for name, label in (("unions", _("New unions")), ("members", _("New members"))):
                self.fields[f"{name}_{child.pk}"] = forms.IntegerField(
                    label=label, min_value=0, max_value=MAX_TARGET, required=False,
                    initial=getattr(target, f"new_{name}", None))

    def rows(self):
        return [(child, self[f"unions_{child.pk}"], self[f"members_{child.pk}"])
                for child in self.children]

    def targets(self) -> dict[int, tuple[int, int]]:
        data = self.cleaned_data
        return {child.pk: (data.get(f"unions_{child.pk}") or 0, data.get(f"members_{child.pk}") or 0)
                for child in self.children}
