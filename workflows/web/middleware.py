"""Per-request caches for viewflow's queue filter."""

from django.utils.functional import SimpleLazyObject


def object_permission_keys(user) -> set[str]:
    """``app.codename_pk`` for every object permission of ``user`` (directly or through groups): two queries.

    viewflow's queue filter builds this set itself with two queries per
    permission row; it reuses ``user._viewflow_per_object_perm_cache`` when present.
    """
    from guardian.models import GroupObjectPermission, UserObjectPermission

    fields = ("content_type__app_label", "permission__codename", "object_pk")
    rows = list(UserObjectPermission.objects.filter(user=user).values_list(*fields))
    rows += list(GroupObjectPermission.objects.filter(group__user=user).values_list(*fields))
    return {f"{app}.{codename}_{pk}" for app, codename, pk in rows}


class ObjectPermissionCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            user._viewflow_per_object_perm_cache = SimpleLazyObject(lambda: object_permission_keys(user))
        return self.get_response(request)
