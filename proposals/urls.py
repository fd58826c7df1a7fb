"""Proposal pages under /proposals/ (issue 3). Every POST calls one service and redirects with a message."""

from django.urls import include, path

from .evaluation import urls as evaluation_urls
from .views import common, detail, leader, member, public, staff, unit

app_name = "proposals"
urlpatterns = [
    # member
    path("", member.my_proposals, name="mine"),
    path("new/", member.create, name="create"),
    path("similar/", common.similar, name="similar"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/edit/", member.edit, name="edit"),
    path("<int:pk>/cosigners/", member.cosigners, name="cosigners"),
    path("<int:pk>/submit/", member.submit, name="submit"),
    path("<int:pk>/withdraw/", member.withdraw, name="withdraw"),
    path("<int:pk>/disclosure/", member.disclosure, name="disclosure"),
    path("<int:pk>/attachments/", member.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", common.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", member.attachment_delete, name="attachment_delete"),
    path("signatures/<int:pk>/respond/", member.cosign_respond, name="cosign_respond"),
    path("signatures/<int:pk>/remove/", member.cosigner_remove, name="cosigner_remove"),
    path("replies/<int:pk>/rate/", member.rate, name="rate"),
    # staff
    path("review/", staff.review_queue, name="review_queue"),
    path("review/apply/", staff.apply_staged, name="apply_staged"),
    path("<int:pk>/decide/", staff.decide, name="decide"),
    path("<int:pk>/assign/", staff.assign, name="assign"),
    path("<int:pk>/key/", staff.mark_key, name="key"),
    path("<int:pk>/close/", staff.close, name="close"),
    path("assign/", staff.assign_bulk, name="assign_bulk"),
    path("requests/", staff.requests, name="requests"),
    path("adjustments/<int:pk>/decide/", staff.adjustment_decide, name="adjustment_decide"),
    path("extensions/<int:pk>/decide/", staff.extension_decide, name="extension_decide"),
    path("replies/", staff.reply_queue, name="reply_queue"),
    path("replies/<int:pk>/review/", staff.reply_review, name="reply_review"),
    path("overview/", staff.overview, name="overview"),
    path("overview/export.xlsx", staff.export, name="export"),
    # handling unit
    path("inbox/", unit.inbox, name="inbox"),
    path("assignments/<int:pk>/", unit.assignment, name="assignment"),
    path("assignments/<int:pk>/acknowledge/", unit.acknowledge, name="acknowledge"),
    path("assignments/<int:pk>/adjustment/", unit.request_adjustment, name="request_adjustment"),
    path("assignments/<int:pk>/contacts/", unit.contact, name="contact"),
    path("assignments/<int:pk>/opinion/", unit.opinion, name="opinion"),
    path("assignments/<int:pk>/reply/", unit.reply, name="reply"),
    path("assignments/<int:pk>/extension/", unit.request_extension, name="request_extension"),
    path("assignments/<int:pk>/review-report/", unit.review_report, name="review_report"),
    path("assignments/<int:pk>/rehandle/", staff.rehandle, name="rehandle"),
    # leader
    path("key/", leader.key_proposals, name="leader_key"),
    # public (no login)
    path("public/", public.public_list, name="public_list"),
    path("public/<int:pk>/", public.public_detail, name="public_detail"),
    path("public/attachments/<int:pk>/", common.public_attachment_download, name="public_attachment"),
    # 民主评议 and yearly awards (evaluation/urls.py)
    path("", include(evaluation_urls)),
]
