"""The shared default lists (committee empty). Migration 0002 seeds them in a new database; this
puts back any that are missing (used by the demo, and by tests after a transactional flush)."""

CATEGORIES = ["经济建设", "社会事业", "文化教育", "城乡建设", "生态环境", "农业农村", "政治法律", "卫生健康", "其他"]
GROUNDS = [
    "涉及国家秘密", "涉及民族宗教等敏感问题", "正在诉讼或仲裁中的案件", "属于个人事务或个人诉求",
    "推销产品或宣传个人、单位", "没有具体建议或建议不可行", "一案多事", "属于党派团体内部事务",
]
REPLY_CATEGORIES = [("A", "已解决或采纳", False), ("B", "列入计划拟解决", True), ("C", "留作参考", False)]


def ensure_default_lists():
    from .models import DeclineGround, ProposalCategory, ReplyCategory

    for i, name in enumerate(CATEGORIES):
        ProposalCategory.objects.get_or_create(committee=None, name=name, defaults={"order": i})
    for i, name in enumerate(GROUNDS):
        DeclineGround.objects.get_or_create(committee=None, name=name, defaults={"order": i})
    for i, (code, name, review) in enumerate(REPLY_CATEGORIES):
        ReplyCategory.objects.get_or_create(committee=None, code=code,
                                            defaults={"name": name, "order": i, "triggers_review": review})
