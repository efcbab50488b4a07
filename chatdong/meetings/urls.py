"""Pages of case conferences under /meetings/."""

from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<int:meeting_id>/attendees/", views.attendee_add, name="attendee_add"),
    path("<int:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:meeting_id>/agenda/<int:item_id>/decision/", views.decision, name="decision"),
    path("<int:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("<int:meeting_id>/held/", views.held, name="held"),
    path("<int:meeting_id>/cancel/", views.cancel, name="cancel"),
]
