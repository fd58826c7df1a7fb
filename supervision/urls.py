from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
]
