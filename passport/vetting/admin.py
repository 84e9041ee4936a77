from django.contrib import admin

from passport.vetting.models import DbsCheck, IdentityCheck, Qualification, UpdateServiceSubscription


@admin.register(DbsCheck)
class DbsCheckAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "level", "workforce", "issued_on", "outcome", "officer"]
    list_filter = ["level", "workforce", "outcome"]
    raw_id_fields = ["volunteer", "officer"]
    # Decisions are recorded through the vetting pages so each one is an event; the back office only reads.
    readonly_fields = [f.name for f in DbsCheck._meta.fields]


@admin.register(IdentityCheck)
class IdentityCheckAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "method", "checked_on", "officer"]
    readonly_fields = [f.name for f in IdentityCheck._meta.fields]


@admin.register(UpdateServiceSubscription)
class UpdateServiceSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "subscription_id", "last_checked_at", "last_result"]
    readonly_fields = [f.name for f in UpdateServiceSubscription._meta.fields]


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["volunteer", "kind", "issued_on", "expires_on"]
    list_filter = ["kind"]
    raw_id_fields = ["volunteer", "recorded_by"]
