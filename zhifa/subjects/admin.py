from django.contrib import admin

from zhifa.subjects.models import MarketEntity


@admin.register(MarketEntity)
class MarketEntityAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "category", "legal_representative", "township", "is_active")
    list_filter = ("category", "is_active", "township")
    search_fields = ("name", "uscc", "legal_representative")
