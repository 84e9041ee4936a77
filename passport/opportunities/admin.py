from django.contrib import admin

from passport.opportunities.models import Application, Opportunity, Shift


class ShiftInline(admin.TabularInline):
    model = Shift
    extra = 0


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "stream", "status", "places", "created_at"]
    list_filter = ["stream", "status", "min_dbs_level", "remote"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation", "created_by"]
    inlines = [ShiftInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "status", "submitted_at", "first_response_at"]
    list_filter = ["status"]
    raw_id_fields = ["opportunity", "volunteer", "decided_by"]
