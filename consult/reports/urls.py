"""社情民意 pages (names in the `consult` namespace: included from consult/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    # the member's side
    path("me/reports/", views.my_reports, name="my_reports"),
    path("me/reports/new/", views.report_new, name="report_new"),
    path("me/reports/<int:pk>/", views.my_report, name="my_report"),
    path("me/reports/<int:pk>/revise/", views.my_report_revise, name="my_report_revise"),
    # staff
    path("reports/", views.report_list, name="reports"),
    path("reports/periodic/", views.periodic, name="reports_periodic"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/<slug:action>/", views.report_act, name="report_act"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/compile/", views.bulletin_compile, name="bulletin_compile"),
    path("bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:pk>/issue.docx", views.bulletin_docx, name="bulletin_docx"),
    # the department's side
    path("report-forwards/", views.forward_list, name="report_forwards"),
    path("report-forwards/<int:pk>/", views.forward_detail, name="report_forward"),
    path("report-forwards/<int:pk>/reply/", views.forward_reply, name="report_forward_reply"),
]
