from django.contrib import admin

from passport.volunteers.models import StreamConsent, Volunteer


class StreamConsentInline(admin.TabularInline):
    model = StreamConsent
    extra = 0
    readonly_fields = ["stream", "method", "recorded_by", "wording", "given_at", "withdrawn_at"]


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "postcode", "la_code", "created_at", "paused_until", "erased_at"]
    search_fields = ["first_name", "last_name", "user__email", "postcode"]
    list_filter = ["remote_only", "la_code"]
    raw_id_fields = ["user", "assisted_by", "assisted_organisation"]
    inlines = [StreamConsentInline]
