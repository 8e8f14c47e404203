from django.contrib import admin

from zhifa.inbox.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "category", "created_at", "read_at")
    list_filter = ("category",)
    search_fields = ("title", "recipient__username", "recipient__full_name")
    raw_id_fields = ("recipient",)
