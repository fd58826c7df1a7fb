"""The proposals API under /api/v1/: thin views over the selectors (reads) and the services (writes).

Reads go through `*_visible_to(user)` (404 outside it). Every write calls one service; a
ProposalError becomes 400 with its Chinese message, a ProposalPermissionError 403.
"""

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from portal.audit import audit_export
from portal.documents.workbook import form_filters, xlsx_response
from portal.filters import OrderingFilter, SearchFilter, StrictFilterBackend
from portal.parsers import JSONParser

from . import rules, search, selectors, serializers, services
from .due_dates import with_assignment_due_dates, with_signature_due_dates
from .errors import ProposalError, ProposalPermissionError
from .export_jobs import overview_workbook
from .filters import AssignmentFilter, ProposalFilter
from .models import (
    AdjustmentRequest,
    CoSignature,
    DeclineGround,
    ExtensionRequest,
    ProposalCategory,
    ReplyCategory,
)
from .selectors import can_download
from .similarity import similar_proposals

ACTION_RESPONSES = {200: serializers.ProposalDetailSerializer, 400: OpenApiResponse(description="不允许的操作（中文说明）"),
                    403: OpenApiResponse(description="没有权限"), 404: OpenApiResponse(description="不存在或不可见")}


def run(fn, **kwargs):
    """Call a service, turning domain errors into API errors."""
    try:
        return fn(**kwargs)
    except ProposalPermissionError as exc:
        raise PermissionDenied(exc.message) from exc
    except ProposalError as exc:
        raise ValidationError({"detail": exc.message}) from exc


def valid(serializer_class, request, **extra):
    s = serializer_class(data=request.data, context={"request": request})
    s.is_valid(raise_exception=True)
    return {**s.validated_data, **extra}


class ProposalSearchFilter(SearchFilter):
    """`search` on proposals: the full-text search of proposals.search (every word must occur; matches in
    the title, 案号 or proposer first, each tier in the list's order; an explicit `ordering` replaces the
    ranking). Checked as every `search` is (NUL, length: 400); the view declares no search_fields."""

    search_description = gettext_lazy("检索词：中文分词后各词均须出现；案题、案号、提案人中出现的排在前面。")

    def filter_queryset(self, request, queryset, view):
        self.get_search_terms(request)  # the checks
        text = request.query_params.get(self.search_param, "")
        if getattr(view, "action", None) in ("list", "export"):
            return search.ranked(queryset, text, *queryset.query.order_by)
        return search.matching(queryset, text)

    def to_html(self, request, queryset, view):
        """The browsable API's search box (DRF draws it only for views with search_fields)."""
        from django.template import loader

        term = request.query_params.get(self.search_param, "")
        return loader.get_template(self.template).render({"param": self.search_param, "term": term})


PROPOSAL_FILTERS = [StrictFilterBackend, ProposalSearchFilter, OrderingFilter]


def bulk_response(done, failed):
    return Response({"done": [p.pk for p in done], "failed": [{"id": p.pk, "title": p.title, "error": m} for p, m in failed]})


class ProposalViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """提案：列表与详情按可见范围；委员新建、修改草稿；各项流转操作见下列动作。"""

    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ProposalFilter
    filter_backends = PROPOSAL_FILTERS
    ordering_fields = ["submitted_at", "accepted_at", "number", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = selectors.proposals_visible_to(self.request.user)
        if self.action == "list":
            qs = selectors.api_rows(qs)
        elif self.action == "export":
            qs = selectors.list_rows(qs)
        elif self.action == "retrieve":
            qs = selectors.with_list_related(qs)
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch(
                "signatures", queryset=with_signature_due_dates(CoSignature.objects.select_related("member")),
            )).select_related("merged_into")
        return qs.order_by("-created_at", "-id")

    def list(self, request, *args, **kwargs):
        """The page's rows as values, with their assignments (selectors.api_rows, with_assignment_rows)."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = selectors.with_assignment_rows(page)
        return self.get_paginated_response(serializers.ProposalListSerializer(rows, many=True).data)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "update"):
            return serializers.ProposalWriteSerializer
        if self.action == "list":
            return serializers.ProposalListSerializer
        return serializers.ProposalDetailSerializer

    def _detail(self, proposal, code=status.HTTP_200_OK):
        fresh = self.get_queryset().model.objects.get(pk=proposal.pk)
        return Response(serializers.ProposalDetailSerializer(fresh).data, status=code)

    @extend_schema(responses={201: serializers.ProposalDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = valid(serializers.ProposalWriteSerializer, request)
        proposal = run(services.create_draft, actor=request.user, **data)
        return self._detail(proposal, status.HTTP_201_CREATED)

    @extend_schema(responses={200: serializers.ProposalDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        proposal = self.get_object()
        s = serializers.ProposalWriteSerializer(data=request.data, partial=True, context={"request": request})
        s.is_valid(raise_exception=True)
        run(services.update_draft, proposal=proposal, actor=request.user, **s.validated_data)
        return self._detail(proposal)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return self.partial_update(request, *args, **kwargs)
        return super().update(request, *args, **kwargs)

    def _act(self, fn, **kwargs):
        proposal = self.get_object()
        run(fn, proposal=proposal, actor=self.request.user, **kwargs)
        return self._detail(proposal)

    @extend_schema(request=None, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """提交（联名提案先进入联名确认）。"""
        return self._act(services.submit)

    @extend_schema(request=serializers.NoteSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """提案人撤回。"""
        return self._act(services.withdraw, **valid(serializers.NoteSerializer, request))

    @extend_schema(request=serializers.InviteSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """邀请联名委员。"""
        return self._act(services.invite_cosigners, **valid(serializers.InviteSerializer, request))

    @extend_schema(request=serializers.DisclosureSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def disclosure(self, request, pk=None):
        """提案人设置是否同意公开（不同意须说明理由）。"""
        return self._act(services.set_disclosure, **valid(serializers.DisclosureSerializer, request))

    @extend_schema(request=serializers.NoteSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """立案（按届次会议编号）。"""
        return self._act(services.accept, **valid(serializers.NoteSerializer, request))

    @extend_schema(request=serializers.RequiredNoteSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_revision(self, request, pk=None):
        """退回修改（须写明意见）。"""
        return self._act(services.return_for_revision, **valid(serializers.RequiredNoteSerializer, request))

    @extend_schema(request=serializers.MergeSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """并案：并入另一件提案。"""
        self.get_object()
        data = valid(serializers.MergeSerializer, request)
        into = selectors.proposals_visible_to(request.user).filter(pk=data["into"].pk).first()
        if into is None:
            raise ValidationError({"into": _("找不到要并入的提案。")})
        return self._act(services.merge, into=into, note=data["note"])

    @extend_schema(request=serializers.ConvertSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        """转意见建议 / 转社情民意信息。"""
        return self._act(services.convert, **valid(serializers.ConvertSerializer, request))

    @extend_schema(request=serializers.DeclineSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """不予立案（选择理由）。"""
        return self._act(services.decline, **valid(serializers.DeclineSerializer, request))

    @extend_schema(request=serializers.StageSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        """标记拟处理意见（稍后批量执行）。"""
        return self._act(services.stage_decision, **valid(serializers.StageSerializer, request))

    @extend_schema(request=serializers.ProposalIdsSerializer, responses={200: serializers.BulkResultSerializer})
    @action(detail=False, methods=["post"], url_path="apply-staged")
    def apply_staged(self, request):
        """批量执行拟处理意见（可只执行所列提案）。"""
        data = valid(serializers.ProposalIdsSerializer, request)
        result = run(services.apply_staged_decisions, actor=request.user, proposals=data.get("proposals"))
        return bulk_response(result["applied"], result["failed"])

    @extend_schema(request=serializers.AssignSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """交办：主办、会办、分办单位。"""
        return self._act(services.assign_units, **valid(serializers.AssignSerializer, request))

    @extend_schema(request=serializers.BulkAssignSerializer, responses={200: serializers.BulkResultSerializer})
    @action(detail=False, methods=["post"], url_path="assign-bulk")
    def assign_bulk(self, request):
        """批量交办同一单位。"""
        data = valid(serializers.BulkAssignSerializer, request)
        visible = selectors.proposals_visible_to(request.user).filter(pk__in=[p.pk for p in data.pop("proposals")])
        result = run(services.assign_units_bulk, actor=request.user, proposals=list(visible), **data)
        return bulk_response(result["assigned"], result["failed"])

    @extend_schema(request=serializers.KeySerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"], url_path="mark-key")
    def mark_key(self, request, pk=None):
        """确定（或取消）重点提案及领衔督办领导（用户 ID）。"""
        from django.contrib.auth import get_user_model

        data = valid(serializers.KeySerializer, request)
        data["leaders"] = list(get_user_model().objects.filter(pk__in=data["leaders"]))
        return self._act(services.mark_key, **data)

    @extend_schema(request=serializers.NoteSerializer, responses=ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """机关办结。"""
        return self._act(services.close_proposal, **valid(serializers.NoteSerializer, request))

    @extend_schema(request={"multipart/form-data": serializers.UploadSerializer},
                   responses={201: serializers.AttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        """上传附件（PDF、DOCX、XLSX、JPG、PNG，按内容检查）。"""
        proposal = self.get_object()
        if not rules.is_proposer(request.user, proposal):
            raise PermissionDenied(_("只有提案人本人可以上传附件。"))
        data = valid(serializers.UploadSerializer, request)
        attachment = run(services.add_attachment, proposal=proposal, actor=request.user, uploaded=data["file"])
        return Response(serializers.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(filters=False, responses={200: serializers.SimilarSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def similar(self, request, pk=None):
        """相似的往期提案（中文分词 + TF-IDF）。"""
        proposal = self.get_object()
        from .similarity import source_text

        hits = similar_proposals(viewer=request.user, committee=proposal.committee,
                                 text=source_text(proposal.title, proposal.reason, proposal.suggestions),
                                 exclude_id=proposal.pk, k=5)
        return Response([{"id": p.pk, "number": p.number, "title": p.title, "state": p.state, "score": round(s, 4)}
                         for p, s in hits])

    @extend_schema(responses={200: serializers.TimelineRowSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        """办理过程：本人可见的流转记录（与提案页面相同，selectors.timeline_visible_to）。"""
        proposal = self.get_object()
        rows = selectors.timeline_visible_to(request.user, proposal)
        return Response(serializers.TimelineRowSerializer(rows, many=True).data)

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """导出当前筛选结果为 Excel（记入审计日志）。"""
        proposals = self.filter_queryset(self.get_queryset())
        filterset = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
        book, count = overview_workbook(request.user, proposals, filters=form_filters(filterset.form))
        audit_export(request, "提案列表", count)
        return xlsx_response(book.to_bytes(), book.filename())


class CoSignatureViewSet(viewsets.ReadOnlyModelViewSet):
    """联名：本人的联名邀请（及可见提案的联名情况）；确认或谢绝。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.SignatureSerializer

    def get_queryset(self):
        from .models import CoSignature

        visible = selectors.proposals_visible_to(self.request.user)
        return with_signature_due_dates(CoSignature.objects.filter(proposal__in=visible)).select_related(
            "member", "proposal").order_by("-id")

    @extend_schema(request=None, responses={200: serializers.SignatureSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        sig = run(services.confirm_cosignature, signature=self.get_object(), actor=request.user)
        return Response(serializers.SignatureSerializer(sig).data)

    @extend_schema(request=None, responses={200: serializers.SignatureSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        sig = run(services.decline_cosignature, signature=self.get_object(), actor=request.user)
        return Response(serializers.SignatureSerializer(sig).data)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """交办：承办单位的待办（按截止日期）；签收、申请调整、申请延期、沟通记录、会办意见、答复。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.AssignmentSerializer
    filterset_class = AssignmentFilter
    ordering_fields = ["due_date", "assigned_at"]

    def get_queryset(self):
        return with_assignment_due_dates(selectors.assignments_visible_to(self.request.user)).select_related(
            "unit", "proposal").order_by("due_date", "id")

    def _ok(self, obj, serializer_class, code=status.HTTP_200_OK):
        return Response(serializer_class(obj).data, status=code)

    @extend_schema(request=None, responses={200: serializers.AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """签收。"""
        return self._ok(run(services.acknowledge_assignment, assignment=self.get_object(), actor=request.user),
                        serializers.AssignmentSerializer)

    @extend_schema(request=serializers.AdjustmentInputSerializer, responses={201: serializers.AdjustmentRequestSerializer})
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        """申请调整（交办后 7 个工作日内）。"""
        req = run(services.request_adjustment, assignment=self.get_object(), actor=request.user,
                  **valid(serializers.AdjustmentInputSerializer, request))
        return self._ok(req, serializers.AdjustmentRequestSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ExtensionInputSerializer, responses={201: serializers.ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None):
        """申请延期。"""
        req = run(services.request_extension, assignment=self.get_object(), actor=request.user,
                  **valid(serializers.ExtensionInputSerializer, request))
        return self._ok(req, serializers.ExtensionRequestSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ContactInputSerializer, responses={201: serializers.ContactLogSerializer})
    @action(detail=True, methods=["post"])
    def contacts(self, request, pk=None):
        """记录与提案人的沟通（办前沟通）。"""
        log = run(services.record_contact, assignment=self.get_object(), actor=request.user,
                  **valid(serializers.ContactInputSerializer, request))
        return self._ok(log, serializers.ContactLogSerializer, status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": serializers.OpinionInputSerializer,
                            "application/json": serializers.OpinionInputSerializer},
                   responses={201: serializers.OpinionSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def opinion(self, request, pk=None):
        """会办单位向主办单位提交会办意见。"""
        assignment = self.get_object()  # an unknown assignment is a 404 whatever the body
        data = valid(serializers.OpinionInputSerializer, request)
        op = run(services.send_co_opinion, assignment=assignment, actor=request.user, body=data["body"],
                 uploaded=data.get("file"))
        return self._ok(op, serializers.OpinionSerializer, status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": serializers.ReplyInputSerializer,
                            "application/json": serializers.ReplyInputSerializer},
                   responses={201: serializers.ReplySerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def reply(self, request, pk=None):
        """提交答复（类别、答复内容、答复函；不上传答复函则自动生成 DOCX）。"""
        reply = run(services.submit_reply, assignment=self.get_object(), actor=request.user,
                    **valid(serializers.ReplyInputSerializer, request))
        return self._ok(reply, serializers.ReplySerializer, status.HTTP_201_CREATED)


    @extend_schema(request=serializers.ReviewReportInputSerializer, responses={201: serializers.ReviewReportSerializer})
    @action(detail=True, methods=["post"], url_path="review-report")
    def review_report(self, request, pk=None):
        """回头看：报送落实进度（%）和落实情况（满足回头看时限）。"""
        report = run(services.record_review_report, assignment=self.get_object(), actor=request.user,
                     **valid(serializers.ReviewReportInputSerializer, request))
        return self._ok(report, serializers.ReviewReportSerializer, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.RehandleInputSerializer, responses={200: serializers.AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def rehandle(self, request, pk=None):
        """机关要求重新办理（答复已审核通过的主办、分办单位；须写明意见）。"""
        assignment = run(services.start_rehandling, assignment=self.get_object(), actor=request.user,
                         **valid(serializers.RehandleInputSerializer, request))
        return self._ok(assignment, serializers.AssignmentSerializer)


class ReviewReportViewSet(viewsets.ReadOnlyModelViewSet):
    """回头看报送记录（机关、承办单位、提案人和联名委员可见）。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.ReviewReportSerializer

    def get_queryset(self):
        return selectors.review_reports_visible_to(self.request.user).select_related("assignment__unit").order_by("-id")


class AdjustmentRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """调整申请；机关审批（同意须指定改交单位）。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.AdjustmentRequestSerializer

    def get_queryset(self):
        return AdjustmentRequest.objects.filter(
            assignment__in=selectors.assignments_visible_to(self.request.user)
        ).select_related("assignment__unit").order_by("-id")

    @extend_schema(request=serializers.AdjustmentDecisionSerializer, responses={200: serializers.AdjustmentRequestSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        req = run(services.resolve_adjustment, request=self.get_object(), actor=request.user,
                  **valid(serializers.AdjustmentDecisionSerializer, request))
        return Response(serializers.AdjustmentRequestSerializer(req).data)


class ExtensionRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """延期申请；机关审批。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.ExtensionRequestSerializer

    def get_queryset(self):
        return ExtensionRequest.objects.filter(
            assignment__in=selectors.assignments_visible_to(self.request.user)
        ).select_related("assignment__unit").order_by("-id")

    @extend_schema(request=serializers.ExtensionDecisionSerializer, responses={200: serializers.ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        req = run(services.decide_extension, request=self.get_object(), actor=request.user,
                  **valid(serializers.ExtensionDecisionSerializer, request))
        return Response(serializers.ExtensionRequestSerializer(req).data)


class ContactLogViewSet(viewsets.ReadOnlyModelViewSet):
    """沟通记录（"321"）。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.ContactLogSerializer

    def get_queryset(self):
        return selectors.contacts_visible_to(self.request.user).order_by("-date", "-id")


class OpinionViewSet(viewsets.ReadOnlyModelViewSet):
    """会办意见（主办单位、会办单位和机关可见，提案人不可见）。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.OpinionSerializer

    def get_queryset(self):
        return selectors.opinions_visible_to(self.request.user).select_related("assignment__unit").order_by("-id")


class ReplyViewSet(viewsets.ReadOnlyModelViewSet):
    """答复：机关审核；提案人和联名委员评价（只见审核通过的答复）。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.ReplySerializer

    def get_queryset(self):
        return (
            selectors.replies_visible_to(self.request.user)
            .select_related("assignment__unit", "category").prefetch_related("attachments").order_by("-id")
        )

    @extend_schema(request=serializers.ReviewInputSerializer, responses={200: serializers.ReplySerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """督办审核：通过（可更正类别）或退回。"""
        reply = run(services.review_reply, reply=self.get_object(), actor=request.user,
                    **valid(serializers.ReviewInputSerializer, request))
        return Response(serializers.ReplySerializer(self.get_queryset().get(pk=reply.pk)).data)

    @extend_schema(request=serializers.RateInputSerializer, responses={201: serializers.RatingSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """办理评价（不满意将重新办理）。"""
        rating = run(services.rate_reply, reply=self.get_object(), actor=request.user,
                     **valid(serializers.RateInputSerializer, request))
        return Response(serializers.RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """办理评价。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.RatingSerializer

    def get_queryset(self):
        return selectors.ratings_visible_to(self.request.user).select_related("rater").order_by("-id")


class AttachmentViewSet(viewsets.ReadOnlyModelViewSet):
    """附件：只有能看到该提案（答复、会办意见）的人才能下载。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.AttachmentSerializer

    def get_queryset(self):
        return selectors.attachments_visible_to(self.request.user).order_by("-id")

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY})  # the file's own type (PDF, DOCX, …)
    @action(detail=True, methods=["get"], permission_classes=[permissions.AllowAny])
    def download(self, request, pk=None):
        """下载附件（公众可下载已公开提案的已审核答复函）。"""
        from .models import Attachment

        attachment = get_object_or_404(Attachment.objects.all(), pk=pk)  # "abc" or 2**64: 404 too
        if not can_download(request.user, attachment):
            raise Http404
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)


class PublicProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """提案公开：提案人同意公开且已有审核通过答复的提案，无需登录。"""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    serializer_class = serializers.PublicProposalSerializer
    filter_backends = PROPOSAL_FILTERS
    filterset_fields = ["committee", "category", "session"]

    def get_queryset(self):
        from django.db.models import Prefetch

        from .enums import ReplyState
        from .models import Reply

        approved = Reply.objects.filter(state=ReplyState.APPROVED).select_related("assignment__unit", "category").order_by("id")
        return (
            selectors.public_proposals().select_related("category", "proposer", "collective_sector",
                                                        "collective_special_committee")
            .prefetch_related(Prefetch("assignments__replies", queryset=approved))
            .order_by("-accepted_at", "-id")
        )


class ListViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def get_queryset(self):
        from members.scopes import scope_for

        scope = scope_for(self.request.user)
        committee = scope.member.committee if scope.member else None
        qs = self.queryset.model.objects.filter(active=True)
        return qs.for_committee(committee) if committee else qs


class ProposalCategoryViewSet(ListViewSet):
    """提案分类。"""

    queryset = ProposalCategory.objects.all()
    serializer_class = serializers.NamedListSerializer


class DeclineGroundViewSet(ListViewSet):
    """不予立案理由。"""

    queryset = DeclineGround.objects.all()
    serializer_class = serializers.DeclineGroundSerializer


class ReplyCategoryViewSet(ListViewSet):
    """答复类别。"""

    queryset = ReplyCategory.objects.all()
    serializer_class = serializers.ReplyCategorySerializer


def register(router):
    """Register the proposals viewsets on the API router."""
    router.register("proposals", ProposalViewSet, basename="proposal")
    router.register("proposal-signatures", CoSignatureViewSet, basename="proposal-signature")
    router.register("proposal-assignments", AssignmentViewSet, basename="proposal-assignment")
    router.register("proposal-adjustments", AdjustmentRequestViewSet, basename="proposal-adjustment")
    router.register("proposal-extensions", ExtensionRequestViewSet, basename="proposal-extension")
    router.register("proposal-contacts", ContactLogViewSet, basename="proposal-contact")
    router.register("proposal-review-reports", ReviewReportViewSet, basename="proposal-review-report")
    router.register("proposal-opinions", OpinionViewSet, basename="proposal-opinion")
    router.register("proposal-replies", ReplyViewSet, basename="proposal-reply")
    router.register("proposal-ratings", RatingViewSet, basename="proposal-rating")
    router.register("proposal-attachments", AttachmentViewSet, basename="proposal-attachment")
    router.register("public-proposals", PublicProposalViewSet, basename="public-proposal")
    router.register("proposal-categories", ProposalCategoryViewSet, basename="proposal-category")
    router.register("proposal-decline-grounds", DeclineGroundViewSet, basename="proposal-decline-ground")
    router.register("proposal-reply-categories", ReplyCategoryViewSet, basename="proposal-reply-category")

    from .evaluation import api as evaluation_api  # 民主评议 and yearly awards

    evaluation_api.register(router)
