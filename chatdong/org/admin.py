"""Django admin (in Korean) for the organisation: leaders' appointments and the agency directory live here."""

from django.contrib import admin

from .models import Agency, AgencyContact, District, Dong, NeighbourhoodLeader, RoleAssignment, StaffMember, Team, Zone


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "dong", "team", "phone")
    list_filter = ("dong",)
    search_fields = ("name", "user__username")
    inlines = [RoleInline]
    list_select_related = ("dong", "team")


@admin.register(NeighbourhoodLeader)
class NeighbourhoodLeaderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "dong", "tong", "appointed_on", "term_ends_on", "reappointments")
    list_filter = ("kind", "dong")
    search_fields = ("name",)
    list_select_related = ("dong", "tong")


class AgencyContactInline(admin.TabularInline):
    model = AgencyContact
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "dong", "phone", "runs_case_management")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = [AgencyContactInline]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("__str__", "dong", "officer")
    list_filter = ("dong",)
    list_select_related = ("dong", "officer")


@admin.register(Dong)
class DongAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "area_km2")
    exclude = ("boundary",)


admin.site.register(District)
admin.site.register(Team)
