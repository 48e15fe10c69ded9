from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from . import services
from .models import Delegation, Field, Holding, Position, RecipientGroup, Unit


class ValidOnFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("current", _("Đang hiệu lực")), ("ended", _("Đã kết thúc"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

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
        super().save_model(request, obj, form, change)
        services.unit_permissions_grant(user=obj.user, unit=obj.position.unit, clerk=obj.position.kind == "clerk")


@admin.register(Delegation)
class DelegationAdmin(ServiceValidatedAdmin):
    validator = staticmethod(services.delegation_validate)
    list_display = ["position", "substitute", "start", "end", "reason"]
    list_filter = ["position__kind"]
    date_hierarchy = "start"
    search_fields = ["substitute__username", "substitute__last_name", "position__unit__name"]
    autocomplete_fields = ["position", "substitute"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.unit_permissions_grant(user=obj.substitute, unit=obj.position.unit, clerk=obj.position.kind == "clerk")


@admin.register(RecipientGroup)
class RecipientGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "scope", "direct_children_only"]
    search_fields = ["name"]
    autocomplete_fields = ["scope"]
