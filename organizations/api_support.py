"""What every app's API shares: writes for editors only, versions as ETags with If-Match,
service refusals as HTTP answers, cursor pages, and a schema that names the errors."""

from __future__ import annotations

import re

import django_filters
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, inline_serializer
from rest_framework import exceptions, pagination, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from common.replicas import reads_from_replica
from organizations.concurrency import ConflictError
from organizations.scope import can_edit

_TAG = re.compile(r'^"(\d{1,9})"$')


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send If-Match with the ETag of the version you are changing.")
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record has changed since you read it; read it again.")
    default_code = "precondition_failed"


def etag_of(obj) -> str:
    return f'"{obj.version}"'


def if_match_version(request) -> int:
    """The version named by If-Match: 428 without one, 412 for one that names no version
    (`*` included: it would skip the check the header is there for)."""
    header = (request.headers.get("If-Match") or "").strip()
    if not header:
        raise PreconditionRequired()
    match = _TAG.match(header)
    if match is None:
        raise PreconditionFailed()
    return int(match.group(1))


def with_etag(response: Response, obj) -> Response:
    response["ETag"] = etag_of(obj)
    return response


class EditorWrites(permissions.IsAuthenticated):
    """Reads for every signed-in staff member; writes for editors and administrators.

    The 403 comes before any object is fetched, so it says nothing about objects outside the
    caller's scope; those then answer 404 from the scoped querysets.
    """

    message = _("Your role may read but not change the registry.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or can_edit(request.user)


@extend_schema_field(OpenApiTypes.INT)
class ScopedField(serializers.PrimaryKeyRelatedField):
    """An id whose valid choices are the caller's scope (`choices(user)`): an id outside it is
    refused word for word like one that does not exist."""

    def __init__(self, choices, **kwargs):
        self.choices_of = choices
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.choices_of(self.context["request"].user)


class VersionedWrites:
    """retrieve/create/partial_update with ETags; subclasses say which service to call."""

    write_serializer_class: type[serializers.Serializer]

    def get_serializer_class(self):
        if self.request.method in ("POST", "PATCH"):
            return self.write_serializer_class
        return self.serializer_class

    def _read(self, obj, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        data = self.serializer_class(fresh, context=self.get_serializer_context()).data
        return with_etag(Response(data, status=code), fresh)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return with_etag(Response(self.get_serializer(obj).data), obj)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(self.perform_write(None, dict(serializer.validated_data)),
                          status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        version = if_match_version(request)
        serializer = self.get_serializer(obj, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._read(self.perform_write(obj, dict(serializer.validated_data), version))


def exception_handler(exc, context):
    """DRF's answers, plus the services' refusals: a ValidationError is 400 with the fields it
    names, a ConflictError (someone saved first) 412."""
    if isinstance(exc, ConflictError):
        exc = PreconditionFailed(str(exc))
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                (api_settings.NON_FIELD_ERRORS_KEY if k == NON_FIELD_ERRORS else k): v
                for k, v in exc.message_dict.items()
            }
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


class _NonEmptyIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    def clean(self, value):
        if value == "":
            raise DjangoValidationError(_("Give a date and time, or leave the parameter out."))
        return super().clean(value)


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """`updated_since`: rows changed at or after an ISO 8601 time. Present but empty is an error,
    not "no filter": a sync that lost its bookmark must not silently fetch everything."""

    field_class = _NonEmptyIsoDateTimeField

    def __init__(self, **kwargs):
        super().__init__(field_name="updated_at", lookup_expr="gte", **kwargs)


class SyncCursorPagination(pagination.CursorPagination):
    """No COUNT and no OFFSET: a city's millions page as fast as a union's. Ordered by id, so a
    sync that pages through `updated_since=T` sees every row changed since T exactly once."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ReplicaBulkReads:
    """The list (a bulk read, cursor pages) comes from a read replica when one is configured;
    a single object, read before a PATCH with its ETag, stays on the primary."""

    def list(self, request, *args, **kwargs):
        with reads_from_replica():
            return super().list(request, *args, **kwargs)


IF_MATCH = OpenApiParameter(
    "If-Match", str, location=OpenApiParameter.HEADER, required=True,
    description='The ETag of the version being changed, e.g. "3".',
)

_DETAIL = inline_serializer("ErrorDetail", {"detail": serializers.CharField()})
_FIELD_ERRORS = inline_serializer(
    "FieldErrors", {"non_field_errors": serializers.ListField(child=serializers.CharField(),
                                                              required=False)},
)


class ErrorDocumentingSchema(AutoSchema):
    """Every operation documents the errors it can answer, and writes their If-Match/ETag."""

    def _errors(self) -> dict:
        # 404: an object outside the caller's scope, or a page or cursor that does not exist.
        codes = {"401": _DETAIL, "403": _DETAIL, "404": _DETAIL, "429": _DETAIL}
        queried = any(isinstance(p, OpenApiParameter) and p.location == OpenApiParameter.QUERY
                      for p in self.get_override_parameters())
        if self.method != "GET" or self._is_list_view() or queried:
            codes["400"] = _FIELD_ERRORS
        if self._needs_if_match():
            codes.update({"412": _DETAIL, "428": _DETAIL})
        return codes

    def _needs_if_match(self) -> bool:
        return self.method in ("PATCH", "PUT") or (
            self.method == "POST" and "{" in self.path)

    def get_override_parameters(self):
        params = super().get_override_parameters()
        return [*params, IF_MATCH] if self._needs_if_match() else params

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, serializer in self._errors().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code, direction=direction)
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code in ("200", "201") and "{" in self.path or (
                status_code == "201" and self.method == "POST"):
            headers["ETag"] = {"schema": {"type": "string"},
                               "description": "The version of the object, for If-Match."}
        return headers
