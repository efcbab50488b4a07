from django.contrib import admin

from chatdong.outreach.cohorts.models import CohortRun, Target
from chatdong.outreach.visits.models import CadenceSetting

admin.site.register(CadenceSetting)
admin.site.register(CohortRun)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["programme", "period_start", "dong", "person", "status", "planner"]
    list_filter = ["programme", "status", "dong"]
    raw_id_fields = ["household", "person", "planner", "run", "consent"]
