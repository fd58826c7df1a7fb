"""The member's side and the public call of consultation (names in the `consult` namespace: included from
consult/urls.py without a namespace of their own)."""

from django.urls import path

from ..public import views as public
from ..speeches import views as speeches
from . import views

urlpatterns = [
    path("me/meetings/", views.my_meetings, name="my_meetings"),
    path("me/invitations/<int:pk>/answer/", views.answer, name="invitation_answer"),
    path("me/meetings/<int:pk>/online/", views.attend_online, name="attend_online"),
    path("me/meetings/<int:pk>/speech/", speeches.speech_register, name="speech_register"),
    path("me/topics/", views.my_topics, name="my_topics"),
    path("me/topics/new/", views.recommend, name="recommend"),
    path("me/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<slug:token>.ics", views.calendar, name="calendar_feed"),
    path("signin/<int:pk>/<str:token>/", views.sign_in, name="sign_in"),
    path("qr/<int:pk>.svg", views.meeting_qr, name="meeting_qr"),
    path("public/topics/", public.propose, name="public_propose"),
]
