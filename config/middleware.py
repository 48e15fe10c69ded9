from django.contrib.auth.middleware import LoginRequiredMiddleware


class KehoachLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login; the API answers 401/403 itself (DRF), the admin has its own login."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(("/api/", "/admin/", "/static/")):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SiteFrameMiddleware:
    """Kehoach's own pages (dashboard, notifications, Bảng tổng hợp…) live outside viewflow's Site URL
    tree, so viewflow's SiteMiddleware gives them no ``site`` and its frame drops the side menu.
    Give every logged-in page the same Site, so each one keeps the drawer and the Material frame."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or getattr(match, "site", None) is not None:
            return
        if request.path.startswith(("/api/", "/admin/", "/static/")) or not request.user.is_authenticated:
            return
        from config.urls import site

        match.site = site
        return
