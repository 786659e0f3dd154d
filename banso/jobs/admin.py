from django.contrib import admin

from banso.jobs.models import TaskProgress


@admin.register(TaskProgress)
class TaskProgressAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "status", "percent", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in TaskProgress._meta.fields]
