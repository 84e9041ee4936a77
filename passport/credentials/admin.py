from django.contrib import admin

from passport.credentials.models import IssuedCredential, SigningKey, StatusList


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "volunteer", "created_at", "valid_until", "revoked_at", "revoked_reason"]
    list_filter = ["kind", "revoked_reason"]
    exclude = ["token"]
    readonly_fields = ["id", "kind", "volunteer", "kid", "status_list", "status_index", "valid_from", "valid_until",
                       "revoked_at", "revoked_reason"]


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["kid", "created_at", "retired_at"]
    exclude = ["private_encrypted"]
    readonly_fields = ["kid", "public_jwk", "created_at", "retired_at"]


@admin.register(StatusList)
class StatusListAdmin(admin.ModelAdmin):
    list_display = ["id", "purpose", "size", "next_index", "updated_at"]
    exclude = ["bits"]
    readonly_fields = ["id", "purpose", "size", "next_index", "updated_at"]
