from django.contrib.auth.middleware import LoginRequiredMiddleware


class KehoachLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login; the API answers 401/403 itself (DRF), the admin has its own login."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(("/api/", "/admin/", "/static/")):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
