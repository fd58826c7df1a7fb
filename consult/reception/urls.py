"""委员接待日 pages (names in the `consult` namespace: included from consult/urls.py without a namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reception/studios/", views.studio_list, name="reception_studios"),
    path("reception/studios/new/", views.studio_create, name="reception_studio_create"),
    path("reception/studios/<int:pk>/", views.studio_detail, name="reception_studio"),
    path("reception/studios/<int:pk>/edit/", views.studio_edit, name="reception_studio_edit"),
    path("reception/studios/<int:pk>/roster/", views.roster_generate, name="reception_generate"),
    path("reception/calendar/", views.calendar, name="reception_calendar"),
    path("reception/roster.xlsx", views.export_roster, name="reception_export"),
    path("reception/days/<int:pk>/", views.day_detail, name="reception_day"),
    path("reception/days/<int:pk>/record/", views.day_record, name="reception_record"),
    path("reception/swaps/<int:pk>/<slug:action>/", views.swap_act, name="reception_swap_act"),
    path("reception/unavailable/", views.unavailable_add, name="reception_unavailable_add"),
    path("reception/unavailable/<int:pk>/delete/", views.unavailable_delete, name="reception_unavailable_delete"),
    path("me/reception/", views.my_reception, name="my_reception"),
    path("me/reception/duties/<int:pk>/confirm/", views.duty_confirm, name="reception_confirm"),
    path("me/reception/duties/<int:pk>/swap/", views.duty_swap, name="reception_swap_request"),
]
