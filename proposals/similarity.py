"""Similar earlier proposals (DESIGN §2.1: staff merge; members see them while writing).

jieba word segmentation plus character bigrams, TF-IDF weights (IDF over the committee subtree's
candidates) and cosine similarity, in plain Python. Term counts of each proposal are cached per
process by (id, updated_at), so a county's few thousand proposals cost one light query per call.
"""

import math
import re
import threading
from collections import Counter

from .enums import ACCEPTED_STATES, ProposalState
from .models import Proposal

STOPWORDS = set(
    "的 了 和 与 及 或 在 对 为 是 等 中 将 把 被 从 以 并 而 其 之 于 也 有 要 可 能 这 那 "
    "关于 建议 提案 进一步 加强 推进 推动 做好 开展 提高 提升 完善 健全 问题 工作 方面 我们 目前 当前 存在 "
    "相关 有关 部门 政府 我市 我县 我区 全市 全县 全区 以及 通过 实现 进行 落实 积极 切实 充分 不断 一些 一是 二是 三是 "
    "如何 更加 发展 建设 管理 服务 机制 体系 情况 措施 政策 支持 力度 重视 有效 保障 促进 各类 各级".split()
)
CJK = re.compile(r"[\u4e00-\u9fff]+")
BIGRAM_WEIGHT = 1.0
_cache = {}
_lock = threading.Lock()


def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba


def terms(text):
    """Term counts of a text: jieba words (2+ characters, no stopwords) and CJK character bigrams."""
    counts = Counter()
    for word in _jieba().lcut(text or ""):
        word = word.strip()
        if len(word) >= 2 and word not in STOPWORDS and not word.isdigit():
            counts[word] += 1
    for run in CJK.findall(text or ""):
        for i in range(len(run) - 1):
            bigram = run[i:i + 2]
            if bigram not in STOPWORDS:
                counts["#" + bigram] += BIGRAM_WEIGHT
    return counts


def document_text(title, reason, suggestions):
    """The title counts double: it states the one issue of the proposal."""
    return f"{title}\n{title}\n{reason}\n{suggestions}"


def _vector(counts, idf):
    vec = {t: (1 + math.log(c)) * idf.get(t, 0.0) for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def rank(query_counts, docs):
    """Rank `docs` ({key: term counts}) against the query by TF-IDF cosine. Returns [(key, score)]."""
    n = len(docs)
    if not n:
        return []
    df = Counter()
    for counts in docs.values():
        df.update(counts.keys())
    idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
    q = _vector(query_counts, idf)
    scores = []
    for key, counts in docs.items():
        vec = _vector(counts, idf)
        score = sum(w * vec.get(t, 0.0) for t, w in q.items())
        scores.append((key, score))
    scores.sort(key=lambda kv: (-kv[1], kv[0]))
    return scores


def _cached_counts(rows):
    """{pk: counts} for candidate rows (pk, updated_at), loading texts only for new or changed rows."""
    with _lock:
        stale = [pk for pk, stamp in rows if _cache.get(pk, (None,))[0] != stamp]
    if stale:
        texts = Proposal.objects.filter(pk__in=stale).values_list("pk", "updated_at", "title", "reason", "suggestions")
        fresh = {pk: (stamp, terms(document_text(t, r, s))) for pk, stamp, t, r, s in texts}
        with _lock:
            _cache.update(fresh)
    with _lock:
        return {pk: _cache[pk][1] for pk, _ in rows if pk in _cache}


def candidates(committee, *, include_submitted=False):
    """Earlier proposals of the committee's subtree: accepted (numbered) or merged; staff also see submitted."""
    states = set(ACCEPTED_STATES) | {ProposalState.MERGED}
    if include_submitted:
        states.add(ProposalState.SUBMITTED)
    return Proposal.objects.filter(committee__path__startswith=committee.path, state__in=states)


def similar_proposals(*, committee, text, exclude_id=None, k=5, include_submitted=False, min_score=0.05):
    """Top-k similar earlier proposals for `text` (title + 案由 + 建议) as [(Proposal, score)], best first."""
    qs = candidates(committee, include_submitted=include_submitted)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    docs = _cached_counts(list(qs.values_list("pk", "updated_at")))
    ranked = [(pk, s) for pk, s in rank(terms(text), docs) if s >= min_score][:k]
    by_id = Proposal.objects.select_related("proposer", "category").in_bulk([pk for pk, _ in ranked])
    return [(by_id[pk], score) for pk, score in ranked if pk in by_id]
