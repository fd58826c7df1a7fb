"""/api/v1/export-jobs/: ask for a background export, follow its progress, download its file.

POST with `kind` (members, proposals) and `params` (the list's filters, as in its query string) always makes a
background job (the lists' own export endpoints answer inline). A job is its requester's only: list and detail
show the user's own jobs, anyone else's is 404. `download` gives the file (audited), 409 while it is being
made, 410 once it has expired.
"""

import django_filters
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from portal import limits
from portal.api import DisplayField
from portal.filters import StrictFilterSet
from portal.openapi import ERROR

from . import registry, services
from .enums import JobState
from .models import ExportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PARAMS, MAX_VALUES = 20, 50


class ExportJobSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="kind_label", read_only=True)
    state_display = DisplayField(source="get_state_display")
    percent = serializers.IntegerField(read_only=True, help_text=gettext_lazy("进度（百分比）"))
    error = serializers.CharField(source="error_message", read_only=True, help_text=gettext_lazy("失败原因（按读者的语言）"))
    url = serializers.SerializerMethodField(help_text=gettext_lazy("任务页面"))
    download_url = serializers.SerializerMethodField(help_text=gettext_lazy("下载地址（完成后才有）"))

    class Meta:
        model = ExportJob
        fields = ["id", "kind", "kind_display", "params", "state", "state_display", "progress_done", "progress_total",
                  "percent", "file_name", "error", "created_at", "started_at", "finished_at", "expires_at", "url",
                  "download_url"]
        read_only_fields = fields

    def get_url(self, job) -> str:
        return job.get_absolute_url()

    def get_download_url(self, job) -> str | None:
        if job.state != JobState.DONE:
            return None
        return reverse("export-job-download", args=[job.pk])


@extend_schema_field({"type": "object", "additionalProperties": {
    "oneOf": [{"type": "string", "maxLength": limits.SEARCH},
              {"type": "array", "items": {"type": "string", "maxLength": limits.SEARCH}, "maxItems": MAX_VALUES}]},
    "maxProperties": MAX_PARAMS})
class ParamsField(serializers.JSONField):
    """The list's filters: {name: value or [values]}, as in its query string (?sector=3&state=accepted)."""

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if not isinstance(data, dict):
            raise ValidationError(_("请提供筛选条件对象，如 {\"sector\": \"3\"}。"))
        if len(data) > MAX_PARAMS:
            raise ValidationError(_("筛选条件太多：最多 %(limit)d 项。") % {"limit": MAX_PARAMS})
        cleaned = {}
        for name, value in data.items():
            values = value if isinstance(value, list) else [value]
            if len(values) > MAX_VALUES or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
                raise ValidationError(_("筛选条件“%(name)s”的值应为文字或文字列表。") % {"name": name})
            values = [str(v) for v in values]
            if not all(_usable(v) for v in [name, *values]):
                raise ValidationError(_("筛选条件“%(name)s”的值太长或含有无效字符。") % {
                    "name": name[:50].encode("utf-8", "replace").decode()})
            cleaned[name] = values
        return cleaned


def _usable(text):
    """Text a filter can use: not too long, no NUL (PostgreSQL refuses it), valid UTF-8 (no lone surrogates)."""
    if "\x00" in text or len(text) > limits.SEARCH:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ExportJobCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[], help_text=gettext_lazy("导出类型：members（委员名单）、proposals（提案列表）"))
    params = ParamsField(required=False, default=dict, help_text=gettext_lazy("筛选条件，与列表页面的查询参数相同"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(name, _(spec.label)) for name, spec in registry.kinds().items()]

    def validate(self, attrs):
        spec = registry.get(attrs["kind"])
        unknown = sorted(set(attrs["params"]) - set(spec.filter_names))
        if unknown:
            raise ValidationError({"params": [_("不支持的筛选条件：%(names)s。") % {"names": "、".join(unknown)[:200]}]})
        return attrs


class ExportJobFilter(StrictFilterSet):
    state = django_filters.ChoiceFilter(choices=JobState.choices, label=gettext_lazy("状态"))
    kind = django_filters.CharFilter(max_length=40, label=gettext_lazy("类型"))

    class Meta:
        model = ExportJob
        fields = ["state", "kind"]


class ExportJobViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """导出任务：本人的后台导出（创建、查看进度、下载文件）。"""

    serializer_class = ExportJobSerializer
    filterset_class = ExportJobFilter
    permission_classes = [permissions.IsAuthenticated]
    ordering_fields = ["created_at"]
    search_fields = ["file_name"]
    ordering = ["-created_at", "-id"]
    queryset = ExportJob.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExportJob.objects.none()
        return ExportJob.objects.filter(requester=self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=ExportJobCreateSerializer, responses={
        201: ExportJobSerializer, 400: OpenApiResponse(description="类型或筛选条件有误"),
        403: OpenApiResponse(description="没有这项导出的权限")})
    def create(self, request, *args, **kwargs):
        """提交一项后台导出（委员名单、提案列表），返回任务；完成后可下载，也会收到站内通知。"""
        data = ExportJobCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            job = services.create_job(user=request.user, kind=data.validated_data["kind"],
                                      params=data.validated_data["params"])
        except services.JobPermissionError:
            raise PermissionDenied(_("您没有权限进行这项导出。")) from None
        except registry.InvalidParams as invalid:
            raise ValidationError({"params": invalid.errors}) from None
        return Response(ExportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={
        (200, XLSX): OpenApiTypes.BINARY,
        404: OpenApiResponse(description="不存在或不是本人的导出"),
        409: OpenApiResponse(response=ERROR, description="文件尚未生成（或生成失败）"),
        410: OpenApiResponse(response=ERROR, description="文件已过期删除"),
    })
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """下载导出文件（仅本人；记入审计日志）。"""
        job = self.get_object()
        if job.state == JobState.EXPIRED or (job.state == JobState.DONE and not (
                job.file.name and job.file.storage.exists(job.file.name))):
            return Response({"detail": _("导出文件已过期删除，请重新导出。")}, status=status.HTTP_410_GONE)
        if job.state != JobState.DONE:
            return Response({"detail": _("文件尚未生成：%(state)s。") % {"state": job.get_state_display()}},
                            status=status.HTTP_409_CONFLICT)
        services.record_download(request, job)
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


def register(router):
    router.register("export-jobs", ExportJobViewSet, basename="export-job")
