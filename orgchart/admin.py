from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from . import services
from .models import Delegation, Field, Holding, Position, RecipientGroup, Restructuring, Unit
from .restructuring import restructure


class ValidOnFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("current", _("Đang hiệu lực")), ("ended", _("Đã kết thúc"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.valid_on(today)
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=today)
        return queryset


class ServiceValidatedAdmin(admin.ModelAdmin):
    """Run the service-level validation from the admin form, so the admin obeys the same rules."""

    validator = None

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        validator = type(self).validator

        class Form(form_class):
            def _post_clean(self):
                super()._post_clean()
                if validator is not None and not self.errors:
                    try:
                        validator(self.instance)
                    except ValidationError as exc:
                        self._update_errors(exc)

        return Form


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["kind", "title", "valid_from", "valid_to"]
    show_change_link = True


@admin.register(Unit)
class UnitAdmin(ServiceValidatedAdmin, GuardedModelAdmin):
    validator = staticmethod(services.unit_validate)
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind", ValidOnFilter]
    search_fields = ["name", "short_name", "code", "key"]
    autocomplete_fields = ["parent", "successor"]
    inlines = [PositionInline]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class HoldingInline(admin.TabularInline):
    model = Holding
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "unit", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", ValidOnFilter]
    search_fields = ["title", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["fields"]
    inlines = [HoldingInline]


@admin.register(Holding)
class HoldingAdmin(ServiceValidatedAdmin):
    validator = staticmethod(services.holding_validate)
    list_display = ["user", "position", "valid_from", "valid_to"]
    list_filter = ["position__kind", ValidOnFilter]
    search_fields = ["user__username", "user__first_name", "user__last_name", "position__unit__name"]
    autocomplete_fields = ["user", "position"]

    def save_model(self, request, obj, form, change):
        services.holding_save(holding=obj)  # ended today or before: its unit rights are revoked at once

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.unit_permissions_sync(on=timezone.localdate(), user=obj.user)


@admin.register(Delegation)
class DelegationAdmin(ServiceValidatedAdmin):
    validator = staticmethod(services.delegation_validate)
    list_display = ["position", "substitute", "start", "end", "reason"]
    list_filter = ["position__kind"]
    date_hierarchy = "start"
    search_fields = ["substitute__username", "substitute__last_name", "position__unit__name"]
    autocomplete_fields = ["position", "substitute"]

    def save_model(self, request, obj, form, change):
        services.delegation_save(delegation=obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.unit_permissions_sync(on=timezone.localdate(), user=obj.substitute)


@admin.register(RecipientGroup)
class RecipientGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "scope", "direct_children_only"]
    search_fields = ["name"]
    autocomplete_fields = ["scope"]


@admin.register(Restructuring)
class RestructuringAdmin(admin.ModelAdmin):
    list_display = ["title", "created", "applied_at"]
    readonly_fields = ["applied_at", "result"]
    actions = ["dry_run", "apply"]

    @admin.action(description=_("Chạy thử (không lưu)"))
    def dry_run(self, request, queryset):
        for item in queryset:
            try:
                lines = restructure(spec=item.spec, dry_run=True).lines()
                self.message_user(request, f"{item}: " + ("; ".join(lines) or str(_("không có thay đổi"))))
            except ValidationError as exc:
                self.message_user(request, f"{item}: " + "; ".join(exc.messages), level="error")

    @admin.action(description=_("Áp dụng"))
    def apply(self, request, queryset):
        for item in queryset:
            if item.applied_at:
                self.message_user(request, _("%(item)s đã được áp dụng trước đó.") % {"item": item}, level="warning")
                continue
            try:
                result = restructure(spec=item.spec, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{item}: " + "; ".join(exc.messages), level="error")
                continue
            item.applied_at = timezone.now()
            item.result = "\n".join(result.lines())
            item.save(update_fields=["applied_at", "result"])
            self.message_user(request, _("Đã áp dụng %(item)s.") % {"item": item})
