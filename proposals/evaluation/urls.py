"""Pages of 民主评议 and the yearly awards, included by proposals/urls.py (names in the "proposals" namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("evaluation/", views.table, name="evaluation_table"),
    path("evaluation/open/", views.open_round, name="evaluation_open"),
    path("evaluation/publish/", views.publish_round, name="evaluation_publish_all"),
    path("evaluation/export.xlsx", views.export, name="evaluation_export"),
    path("evaluation/mine/", views.mine, name="evaluation_mine"),
    path("evaluation/<int:pk>/", views.detail, name="evaluation_detail"),
    path("evaluation/<int:pk>/score/", views.score, name="evaluation_score"),
    path("evaluation/<int:pk>/publish/", views.publish, name="evaluation_publish"),
    path("awards/", views.awards, name="awards"),
    path("awards/nominate/", views.nominate, name="award_nominate"),
    path("awards/publish/", views.publish_awards, name="awards_publish"),
    path("awards/<int:pk>/withdraw/", views.withdraw_award, name="award_withdraw"),
    path("public/awards/", views.public_awards, name="public_awards"),
]
