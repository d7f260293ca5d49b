"""Small helpers shared by the HTML views of both apps (not views themselves)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from organizations.concurrency import ConflictError
from organizations.scope import is_admin, require_editor

T = TypeVar("T")


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login first, then 403 for viewers.

    The 403 does not depend on the object, so it tells an out-of-scope viewer nothing;
    the view itself still fetches through a selector, which answers 404 outside the scope.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_editor(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login first, then 404 for anyone but an administrator of a node.

    404, not 403: the administrators' pages (staff accounts, the audit log) are not
    advertised to other roles.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def search_term(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:100]


def paginate(request: HttpRequest, qs: QuerySet, per_page: int = 50) -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


def call_service(form: forms.Form, service: Callable[[], T]) -> T | None:
    """Run a write; on refusal put its message on the form and return None.

    A ConflictError (someone saved first) goes at the top of the form: nothing was saved.
    """
    try:
        return service()
    except ConflictError as exc:
        form.add_error(None, str(exc))
    except ValidationError as exc:
        apply_service_errors(form, exc)
    return None


class ServiceValidatedModelForm(forms.ModelForm):
    """A ModelForm that only parses input; the service does the model validation.

    Validating in the form as well would run the model's constraints twice, and the generic
    constraint messages would pre-empt the service's (which know what the user may be told).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new row has no version to check; an edit must carry the one the editor saw.
        if "version" in self.fields and self.instance.pk is None:
            self.fields["version"].required = False

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values to hand to a service, without form-only fields."""
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}
