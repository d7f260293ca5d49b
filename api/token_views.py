"""The administrators' API token page (in the app; the Django admin is read-only): list the
tokens of the accounts they manage, issue one to such an account, revoke one.

Thin: the selectors scope (404 outside), api.tokens issues and revokes (checks and audits).
The key of a new token is in the answer to the POST that made it and nowhere else: it is not
stored (only its digest is), not put in the session or a message, and the answer is not cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api import selectors, tokens
from api.forms import TokenIssueForm
from organizations.staff.selectors import staff_get
from organizations.web import admin_required, call_service, paginate, search_term


@admin_required
def token_list(request: HttpRequest) -> HttpResponse:
    q = search_term(request)
    page = paginate(request, selectors.token_list(user=request.user, search=q))
    return render(request, "api/token_list.html", {"page": page, "q": q})


@never_cache
@admin_required
def token_issue(request: HttpRequest, account_pk: int) -> HttpResponse:
    """The form for one account of the administrator's area; after it, the key, once."""
    account = staff_get(user=request.user, pk=account_pk)
    form = TokenIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = call_service(
            form,
            lambda: tokens.token_issue(user=account.user, by=request.user, **form.cleaned_data),
        )
        if issued is not None:
            token, key = issued
            return render(
                request, "api/token_issued.html", {"token": token, "key": key, "account": account}
            )
    return render(request, "api/token_form.html", {"form": form, "account": account})


@require_POST
@admin_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get(user=request.user, pk=pk)
    tokens.token_revoke(token=token, by=request.user)
    messages.success(
        request,
        _("The token %(name)s was revoked: it no longer opens the API.") % {"name": token.name},
    )
    return redirect("api_token_list")
