from django.contrib import admin

from passport.matching.models import MatchingRound, Offer


@admin.register(MatchingRound)
class MatchingRoundAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "strategy", "finished_at", "fallback_reason"]
    readonly_fields = [f.name for f in MatchingRound._meta.fields]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["created_at", "volunteer", "opportunity", "status", "coordinator_action", "expires_at"]
    list_filter = ["status", "coordinator_action", "decline_reason"]
    raw_id_fields = ["round", "volunteer", "opportunity", "application"]
