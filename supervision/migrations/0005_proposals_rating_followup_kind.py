from django.db import migrations, models

KINDS = [
    ("generic", "一般事项"), ("proposal_cosign", "提案联名确认"), ("proposal_review", "提案审查"),
    ("proposal_adjust", "交办调整申请期"), ("proposal_contact", "办前沟通"), ("proposal_reply", "提案答复"),
    ("proposal_reply_review", "答复审核"), ("proposal_rating", "办理评价"), ("proposal_rehandle", "重新办理"),
    ("proposal_extension_review", "延期申请审批"), ("proposal_rating_followup", "联名委员不满意待处理"),
    ("outcome_reply", "协商成果答复"), ("letter_reply", "监督建议书答复"), ("case_followup", "群众点单跟进"),
    ("review", "回头看"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0004_limits_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="obligation",
            name="kind",
            field=models.CharField(choices=KINDS, default="generic", max_length=40, verbose_name="事项类型"),
        ),
        migrations.AlterField(
            model_name="reminderpolicy",
            name="kind",
            field=models.CharField(blank=True, choices=KINDS, help_text="留空表示适用于所有类型", max_length=40,
                                   verbose_name="事项类型"),
        ),
    ]
