"""One exception handler for the API: what the services raise becomes a status and a Vietnamese message.

The views call the services and let their exceptions through; nothing in a view catches them:

- ``TaskAlreadyHandled`` (someone else was first) → 409 ``{"detail": …}``;
- Django's ``PermissionDenied`` → 403 ``{"detail": the service's reason}``;
- Django's ``ObjectDoesNotExist`` (a selector that found nothing the user may see) → 404 ``{"detail": …}``;
- Django's ``ValidationError`` → 400: the field errors as they are (``{"assignee": […]}``), or the list of
  messages under the view's ``validation_error_key`` (``"detail"``, or ``"errors"`` for the figures,
  whose every wrong cell is one message);
- anything else: DRF's own handler.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from workflows.flows.runtime import TaskAlreadyHandled


def errors_under(key: str):
    """Decorate an ``@api_view`` function: its validation errors are listed under ``key``."""

    def decorate(view):
        view.cls.validation_error_key = key
        return view

    return decorate


def exception_handler(exc, context):
    if isinstance(exc, TaskAlreadyHandled):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or _("Bạn không có quyền thực hiện thao tác này.")},
                        status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ObjectDoesNotExist):
        return Response({"detail": str(exc)}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, ValidationError):
        key = getattr(context.get("view"), "validation_error_key", "detail")
        if hasattr(exc, "error_dict") and key == "detail":
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({key: exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
