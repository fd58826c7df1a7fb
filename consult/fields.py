"""Shared request fields of the consultation API (every text bounded by portal.limits)."""

from rest_framework import serializers

from portal import limits


class ConsultNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class ConsultReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.NOTE)
