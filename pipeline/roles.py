"""Figure spans -> facts: each figure's kind and roles from the words around it.

Works sentence by sentence on plain mention lists (numbers, lexicon hits, places, periods,
all with token positions). Each role is looked for from the nearest, most specific reading
to the widest: the words right after the figure, then its clause, then its sentence, then
the document's scope. Every choice is written to the fact's `evidence`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import regex

from .numbers import NumberMention
from .periods import SPANNING_RULES, PeriodMention, previous, shift_year

AGENT_GAP = {"a", "total", "of", "another", "at", "least", "some", "the", "as", "many", "over", "nearly", "more",
             "than", "about", "up", "to"}
DELTA_WORDS = {"more", "fewer", "additional", "extra"}
FUNCTION_WORDS = {"it", "its", "they", "them", "he", "she", "we", "this", "that", "which", "who", "was", "were", "is",
                  "are", "had", "has", "have", "of", "in", "on", "at", "for", "with", "by", "as", "so", "too"}
NP_VERBS = {"included", "include", "includes", "including", "comprised", "comprising", "were", "was", "are", "is",
            "have", "has", "had", "made", "make", "makes"}
GROUP_GAP = {",", "and", "(", ")", "province", "provinces", "state", "region", "areas", "area"}
COMPARATIVE = {"compared", "than", "against", "versus", "vs", "vs.", "to", "up", "down", "rose", "fell"}
JOINT = {"between", "together", "combined", "jointly", "pair", "both"}
CLAUSE_BREAK = {";", ":", "—", "–", "--", "while", "whereas", "but", "however", "although", "though", "yet",
                "meanwhile"}
SOFT_STOP = {
    "among",
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "and",
    "or",
    "while",
    "but",
    "of",
    "in",
    "from",
    "to",
    "during",
    "for",
    "on",
    "at",
    "by",
    "with",
    "than",
    "since",
    "against",
    "compared",
    "as",
    "who",
    "which",
    "that",
    "whom",
    "where",
    "when",
    # subordinators end a figure's noun phrase: "numbered 71 once police are left out"
    "once",
    "if",
    "after",
    "before",
    "until",
    "unless",
    "because",
    "whilst",
    # a reporting verb after a bare number: "than the 2,142 logged in 2021", "the 108 recorded a year earlier"
    "logged",
    "recorded",
    "registered",
    "documented",
    "counted",
    "verified",
    "confirmed",
    "tallied",
}
NON_VICTIM_METRICS = ("attacks", "incidents", "operations", "violence")
LINK_VERBS = {
    "were",
    "was",
    "are",
    "is",
    "included",
    "include",
    "includes",
    "including",
    "comprised",
    "comprising",
    "being",
    "been",
    "of",
    "among",
    "them",
    "whom",
    "which",
    "whose",
    "all",
    "those",
}


@dataclass
class Lex:
    label: str
    id: str
    tok: int
    tok_end: int
    text: str


@dataclass
class Reg:
    code: str
    country: str
    kind: str
    tok: int
    tok_end: int
    text: str
    origin: bool = False  # "2 people from Uttar Pradesh": where people come from, not where it happened


@dataclass
class Per:
    mention: PeriodMention
    value: str | None
    tok: int
    tok_end: int
    bound_to: int | None = None  # index of the figure it is bound to ("41 in Q1")


@dataclass
class Fig:
    num: NumberMention
    tok: int
    tok_end: int
    kind: str = "count"
    value: float = 0.0
    metric: str | None = None
    actor: str = "all"
    region: str | None = None
    except_: tuple[str, ...] | None = None
    period: str | None = None
    base_period: str | None = None
    base_value: float | None = None
    new_value: float | None = None
    of: dict | None = None
    per: str | None = None
    projection: bool | None = None
    delta: bool | None = None
    drop: bool = False
    evidence: dict = field(default_factory=dict)


@dataclass
class Sentence:
    start: int  # char
    end: int
    tok: int
    tok_end: int
    words: list[str]  # lower-cased token texts of the whole doc (shared)
    lex: list[Lex]
    regs: list[Reg]
    pers: list[Per]
    figs: list[Fig]
    caps: frozenset[int] = frozenset()  # tokens written with a capital (names), doc-wide

    def lex_at(self, i: int, label_prefix: str = "") -> Lex | None:
        best = None
        for lx in self.lex:
            if lx.tok <= i < lx.tok_end and lx.label.startswith(label_prefix):
                if best is None or lx.tok_end - lx.tok > best.tok_end - best.tok:
                    best = lx
        return best


# ----------------------------------------------------------------------------------------
# clause structure


def clause_of(s: Sentence, i: int) -> tuple[int, int]:
    """Token range of the clause around token i (clause breaks from CLAUSE_BREAK)."""
    a, b = s.tok, s.tok_end
    for j in range(i - 1, s.tok - 1, -1):
        if s.words[j] in CLAUSE_BREAK:
            a = j + 1
            break
    for j in range(i + 1, s.tok_end):
        if s.words[j] in CLAUSE_BREAK:
            b = j
            break
    return a, b


def _between(s: Sentence, a: int, b: int) -> list[str]:
    return s.words[a:b]


# ----------------------------------------------------------------------------------------
# kind


def classify(s: Sentence, f: Fig) -> None:
    """count, share or change; a change's sign from its cue word."""
    n = f.num
    f.value = n.value
    if n.multiplier:
        f.kind = "change"
        f.evidence["kind"] = f"multiplier word {n.text!r}"
        return
    if not n.percent:
        f.kind = "count"
        return
    cue = _change_cue(s, f)
    if cue:
        f.kind = "change"
        f.value = -abs(n.value) if cue.label == "CHANGE_DOWN" else abs(n.value)
        f.evidence["kind"] = f"change cue {cue.text!r}"
    else:
        f.kind = "share"
        f.evidence["kind"] = "percent without a change cue"


def _change_cue(s: Sentence, f: Fig) -> Lex | None:
    a, b = clause_of(s, f.tok)
    # right: "12% decline", "96pc surge", "98% more than", "a 52 per cent drop"
    for lx in s.lex:
        if lx.label.startswith("CHANGE") and f.tok_end <= lx.tok <= f.tok_end + 1 and lx.tok < b:
            # "75 per cent higher" compares by itself; "40 per cent more" only with what it is more than
            if lx.text.lower() in ("more", "less", "fewer") and not _followed_by_than(s, lx):
                continue
            if lx.text.lower() in ("above", "below") and not f.num.percent:
                continue
            return lx
    # left: "decreased by 46 percent", "rose 29%", "a rise of 24 per cent", "dropping to almost 50 percent"
    for lx in sorted(s.lex, key=lambda x: -x.tok):
        if lx.label.startswith("CHANGE") and a <= lx.tok and lx.tok_end <= f.tok and f.tok - lx.tok_end <= 3:
            gap = _between(s, lx.tok_end, f.tok)
            if all(
                w
                in (
                    "by",
                    "of",
                    "to",
                    "a",
                    "an",
                    "some",
                    "about",
                    "nearly",
                    "almost",
                    "over",
                    "around",
                    "in",
                    "violence",
                )
                for w in gap
            ):
                if lx.text.lower() in ("more", "less", "fewer", "up", "down") and gap and gap != ["by"]:
                    continue
                if lx.text.lower() in ("above", "below"):
                    continue  # "above 50%" is a bound; only "12.9% below the 3,900 of 2021" compares
                return lx
    return None


def _followed_by_than(s: Sentence, lx: Lex) -> bool:
    return lx.tok_end < len(s.words) and s.words[lx.tok_end] in ("than", "from", "on", "over", "compared")


def remaining_shares(s: Sentence) -> None:
    """"terrorism caused 65% of all fatalities, operations the remaining 35%": the rest of a share is
    a share of the same measure."""
    shares = [f for f in s.figs if f.kind == "share" and not f.drop]
    for prev, f in zip(shares, shares[1:]):
        if f.tok >= 1 and s.words[f.tok - 1] in ("remaining", "rest", "other") and prev.metric:
            f.metric = prev.metric.split("/")[0]
            f.evidence["metric"] = f"the rest of {prev.num.text!r}"


def propagate_deltas(s: Sentence) -> None:
    """"13 and 31 more fatalities": the first of the list is a difference too."""
    for prev, cur in zip(s.figs, s.figs[1:]):
        if cur.delta and not prev.delta and prev.kind == "count" and s.words[prev.tok_end:cur.tok] in (
                ["and"], [","], [",", "and"]):
            prev.delta = True
            prev.evidence["delta"] = f"listed with {cur.num.text!r}"


def propagate_lists(s: Sentence) -> None:
    """ "decreased by 21% and 10%": list members share kind and direction."""
    for prev, cur in zip(s.figs, s.figs[1:]):
        if not (prev.num.percent and cur.num.percent):
            continue
        gap = range(prev.tok_end, cur.tok)
        # "a 57pc uptick and KP 55pc": the cue after the first, a place, then the next figure
        cue_after = [lx for lx in s.lex if lx.label.startswith("CHANGE") and lx.tok == prev.tok_end]
        if gap and all(s.words[i] in (",", "and", "or", "by", "respectively", "'s", "’s")
                       or any(r.tok <= i < r.tok_end for r in s.regs)
                       or any(c.tok <= i < c.tok_end for c in cue_after) for i in gap):
            if prev.kind == "change" and cur.kind == "share":
                cur.kind = "change"
                cur.value = -abs(cur.num.value) if prev.value < 0 else abs(cur.num.value)
                cur.evidence["kind"] = "listed with a change"
            elif (
                cur.kind == "change"
                and prev.kind == "share"
                and "evidence"
                and cur.evidence.get("kind", "").startswith("change cue")
                and cur.tok_end <= len(s.words)
            ):
                # "by 24%, 85% and 65% respectively" after the cue: the cue was on the left of the first only
                pass
    for i, cur in enumerate(s.figs):
        if cur.num.percent and cur.kind == "share" and cur.tok >= 1 and s.words[cur.tok - 1] == "by":
            before = [f for f in s.figs[:i] if f.kind == "change"]
            if before:
                cur.kind = "change"
                cur.value = -abs(cur.num.value) if before[-1].value < 0 else abs(cur.num.value)
                cur.evidence["kind"] = f"'by' continues the change {before[-1].num.text!r}"
    for prev, cur in zip(reversed(s.figs[:-1]), reversed(s.figs[1:])):
        if prev.num.percent and cur.num.percent and cur.kind == "change" and prev.kind == "share":
            gap = _between(s, prev.tok_end, cur.tok)
            if gap and all(w in (",", "and", "or") for w in gap) and _right_cue(s, cur):
                prev.kind = "change"
                prev.value = -abs(prev.num.value) if cur.value < 0 else abs(prev.num.value)
                prev.evidence["kind"] = "listed with a change"


def _right_cue(s: Sentence, f: Fig) -> bool:
    return any(lx.label.startswith("CHANGE") and f.tok_end <= lx.tok <= f.tok_end + 1 for lx in s.lex)


# ----------------------------------------------------------------------------------------
# metric and actor


def _np_after(s: Sentence, f: Fig, limit: int = 6) -> tuple[int, int]:
    """Tokens of the noun phrase right after a figure: up to a stop word, punctuation or number."""
    i = f.tok_end
    if i + 1 < s.tok_end and s.words[i] in ("number", "numbers") and s.words[i + 1] == "of":
        i += 2  # "17 numbers of militant attacks"
    elif i < s.tok_end and s.words[i] in ("number", "numbers"):
        i += 1
    end = min(s.tok_end, i + limit)
    j = i
    while j < end:
        w = s.words[j]
        if w in ("of",) and j + 1 < end and s.words[j + 1] in ("them", "whom", "these", "those"):
            break
        if w in SOFT_STOP or w in CLAUSE_BREAK or w in NP_VERBS or (
                not w[:1].isalnum() and w not in ("-", "'s", "’s", "'")):
            break
        if any(ff.tok == j for ff in s.figs) or any(p.tok == j for p in s.pers):
            break  # "(some 18,657 one week before)": a period ends the noun phrase
        if j > i and any(lx.tok == j and lx.label in ("SHARE_CUE", "AGENT_CUE", "METRIC_AGENT") for lx in s.lex):
            break  # "single target killing attack took lives": the verb ends the noun phrase
        j += 1
    return i, j


def resolve_metric_actor(s: Sentence, f: Fig, lex_by_tok) -> None:
    a, b = _np_after(s, f)
    metric = actor_ids = None
    adj_actor = None
    words_np = s.words[a:b]
    hits = [
        lx
        for lx in s.lex
        if a <= lx.tok < b and not (lx.label == "ACTOR" and lx.tok_end < len(s.words) and s.words[lx.tok_end] == "-")
    ]
    metrics = [lx for lx in hits if lx.label == "METRIC"]
    actors = [lx for lx in hits if lx.label == "ACTOR"]
    verbs_np = [lx for lx in hits if lx.label == "METRIC_VERB"]
    if (
        f.kind == "count"
        and not metrics
        and b + 2 < len(s.words)
        and s.words[b] == "of"
        and s.words[b + 1] in ("those", "these", "the", "its", "all", "them")
    ):
        # "nearly 1,000 of those fatalities"
        later = [lx for lx in s.lex if lx.label in ("METRIC", "METRIC_VERB") and b + 1 < lx.tok <= b + 4]
        if later:
            metrics = later[:1]
            grp = [
                lx
                for lx in s.lex
                if lx.label == "ACTOR"
                and later[0].tok_end < lx.tok <= later[0].tok_end + 2
                and s.words[later[0].tok_end] == "among"
            ]
            if grp:
                actors = _forward_group(s, grp[0])
    if f.kind == "count" and words_np[:1] and words_np[0] in DELTA_WORDS:
        f.delta = True  # "31 more fatalities than in Q1": a difference, not a total
        f.evidence["delta"] = f"{words_np[0]!r} after the figure"
    included = _included_in(s, f) if f.kind == "count" and not (metrics and metrics[0].tok == a) else None
    if f.kind == "count":
        if metrics:
            m = metrics[-1]
            metric = m.id
            f.evidence["metric"] = f"noun {m.text!r} after the figure"
            j = b + (1 if b < len(s.words) and s.words[b] == "from" else 0)
            if j < len(s.words) and s.words[j] in ("among", "of") and not actors:
                grp = [lx for lx in s.lex if lx.label == "ACTOR" and lx.tok == j + 1]
                if grp:
                    actors = _forward_group(s, grp[0])
            pre = [x for x in actors if x.tok < m.tok]
            if pre and m.id.split("/")[0] not in NON_VICTIM_METRICS:
                adj_actor = pre
            post = [x for x in actors if x.tok > m.tok]
            if not pre and post and m.id.split("/")[0] not in NON_VICTIM_METRICS:
                adj_actor = post  # "fatalities among civilians and security forces personnel"
        elif verbs_np:
            metric = verbs_np[0].id
            f.evidence["metric"] = f"word {verbs_np[0].text!r} after the figure"
        if actors and not adj_actor and not metrics:
            actor_ids = [actors[-1]] if len(actors) == 1 else _coord_actors(s, actors)
            if actor_ids[-1].id == "all" and b + 1 < len(s.words) and s.words[b] == "of":
                # "88 members of the Iraqi Security Forces"
                nxt = [lx for lx in s.lex if lx.label == "ACTOR" and b < lx.tok <= b + 3 and lx.id != "all"]
                if nxt:
                    actor_ids = nxt[:1]
        elif adj_actor:
            actor_ids = adj_actor
        # a noun that is neither metric nor actor: "30 states", "23 districts"
        content = [w for w in words_np if w[:1].isalpha() and not _covered(s, a + words_np.index(w))]
        if not metrics and not actors and not verbs_np and content and not f.num.percent:
            head_idx = a + words_np.index(content[0])
            # "30 states", "23 districts": a noun right after the figure; not "27,213 it gave", and not a
            # named group listed after a count ("79 were Kuki-Zo and 60 Meitei")
            listed_group = head_idx in s.caps and any(
                g.kind == "count" and g.tok_end <= f.tok and s.words[g.tok_end : f.tok][-1:] == ["and"]
                for g in s.figs) if f.tok > s.tok else False
            # "35 leaders killed", "189 activists were murdered": a victim noun the lexicon lacks still counts
            victims = _verb_after(s, f, b) is not None or _agent_before(s, f) is not None
            if not s.lex_at(head_idx) and words_np[0] not in FUNCTION_WORDS and not listed_group and not victims:
                f.drop = True
                f.evidence["drop"] = f"counts {content[0]!r}, not a metric"
                return
        if metric is None:
            metric = _agent_before(s, f)
        if metric is None:
            metric = _verb_after(s, f, b)
        bracketed = f.tok > 0 and s.words[f.tok - 1] == "(" and f.tok_end < len(s.words) and s.words[f.tok_end] == ")"
        if metric is None and not bracketed and not content_head(s, a, b):
            # "485 incidents ..., down from 531 in 2022": a bare number counts what the one before counted
            ca, _ = clause_of(s, f.tok)
            prev = [g for g in s.figs if g.tok_end <= f.tok and g.tok >= ca and g.kind == "count" and g.metric
                    and not g.drop]
            if prev and any(lx.label in ("METRIC", "METRIC_VERB") and prev[-1].tok_end + 2 < lx.tok < f.tok
                            for lx in s.lex):
                prev = []  # "civilian deaths came to 716, and civilian injuries to 1,936": a measure between
            if prev:
                metric = prev[-1].metric
                f.evidence["metric"] = f"as {prev[-1].num.text!r} before it"
        if metric is None and not bracketed:
            # a bracketed list item ("West Bengal (5)") takes its list's measure, not the clause's
            metric = _metric_in_clause(s, f, prefer="left")
    else:
        metric = _percent_metric(s, f)
        actor_ids = _percent_actor(s, f)
    if actor_ids is None and f.kind == "count" and f.tok >= 2 and s.words[f.tok - 1] == "(":
        # "Bandits (416) and Boko Haram Terrorists (334)"
        prev = [lx for lx in s.lex if lx.label == "ACTOR" and lx.tok_end == f.tok - 1]
        if prev:
            actor_ids = prev
    if actor_ids is None and f.kind == "count" and f.tok >= 1 and s.words[f.tok - 1] == "at" and (
            f.tok_end + 1 < len(s.words) and s.words[f.tok_end] == ","):
        # "At 1,772, civilians were the largest group": the group named right after
        nxt = [lx for lx in s.lex if lx.label == "ACTOR" and lx.tok == f.tok_end + 1 and lx.id != "all"]
        if nxt:
            actor_ids = nxt
    if actor_ids is None and f.kind == "count" and f.tok >= 2 and s.words[f.tok - 1] == "for":
        # "Militants accounted for 98 of the dead, security personnel for 62 and civilians for 38"
        prev = [lx for lx in s.lex if lx.label == "ACTOR" and lx.tok_end == f.tok - 1 and lx.id != "all"]
        if prev:
            actor_ids = prev
    if actor_ids is None and f.kind == "count":
        actor_ids = _linked_actors(s, f, b)
    if f.kind == "count" and _is_rate(s, f, b):
        f.drop = True  # "the homicide rate was 22 per 100,000": a rate, not a count
        f.evidence["drop"] = "a rate"
        return
    if included and not f.drop:
        metric = included  # set by _included_in, with its evidence
        f.evidence["metric"] = f.evidence.get("included", "")
    if metric is None and f.kind in ("change", "share"):
        metric = "violence"  # record.md: 'violence' when the text names no measure
        f.evidence["metric"] = "no measure named: violence"
    if metric and metric.split("/")[0] == "arrests" and _taken_by_armed_group(s, f):
        metric = "abductions"  # "40 people were captured by insurgents": held by an armed group, not arrested
        f.evidence["metric"] = f.evidence.get("metric", "") + "; taken by an armed group: abducted"
    f.metric = metric
    if actor_ids:
        f.actor = _actor_value(actor_ids)
        f.evidence["actor"] = "words " + ", ".join(repr(x.text) for x in actor_ids)
    if f.metric and f.metric.split("/")[0] in ("attacks", "incidents", "operations") and f.kind == "count":
        if f.actor != "all" and not (
            actor_ids and any(x.tok >= f.tok_end for x in actor_ids) and "targeted" in s.words
        ):
            f.actor = "all"


def _taken_by_armed_group(s: Sentence, f: Fig) -> bool:
    """ "captured by insurgents", "held by the group": the taker named after 'by' is a militant group."""
    _, b = clause_of(s, f.tok)
    for k in range(f.tok_end, min(b, f.tok_end + 8) - 1):
        if s.words[k] == "by":
            nxt = [lx for lx in s.lex if lx.label == "ACTOR" and k < lx.tok <= k + 3]
            return bool(nxt) and nxt[0].id.split("/")[0] == "militants"
    return False


def _included_in(s: Sentence, f: Fig) -> str | None:
    """ "558 dead, including 50 children and 94 women, and 1,835 wounded": the people listed after
    'including' are part of the count before it, whatever verb comes later."""
    j = f.tok - 1
    if j < s.tok:
        return None
    prev = [g for g in s.figs if g.tok_end <= j and g.kind == "count" and g.metric and not g.drop]
    if not prev:
        return None
    g = prev[-1]
    if s.words[j] == "including" or s.words[j - 1 : j + 1] == ["among", "them"]:
        if j - g.tok_end <= 8 and g.metric.split("/")[0] in VICTIM_METRICS and not any(
                w in CLAUSE_BREAK for w in s.words[g.tok_end:j]):
            f.evidence["included"] = f"included in {g.num.text!r}"
            return g.metric
    elif s.words[j] in ("and", ",") and j - g.tok_end <= 3 and "included" in g.evidence and not any(
            lx.label in ("METRIC", "METRIC_VERB") and lx.tok == f.tok_end for lx in s.lex):
        f.evidence["included"] = g.evidence["included"]
        return g.metric
    return None


def _is_rate(s: Sentence, f: Fig, b: int) -> bool:
    a, _ = clause_of(s, f.tok)
    rates = [lx for lx in s.lex if lx.label == "NOT_FIGURE"]
    return any((a <= lx.tok < f.tok and f.tok - lx.tok_end <= 6) or (f.tok_end <= lx.tok <= b + 2) for lx in rates)


def content_head(s: Sentence, a: int, b: int) -> bool:
    """Whether the figure's noun phrase has a word of its own (so it is not a bare number)."""
    return any(s.words[i][:1].isalpha() for i in range(a, b))


def _covered(s: Sentence, i: int) -> bool:
    return s.lex_at(i) is not None


def _coord_actors(s: Sentence, actors: list[Lex]) -> list[Lex]:
    return actors


def _actor_value(lxs: list[Lex]) -> str:
    ids: list[str] = []
    merged: list[Lex] = []
    for lx in lxs:
        # "civilian police": an actor word right before another names a finer type of the first
        if merged and merged[-1].tok_end == lx.tok and merged[-1].id != "all" and lx.id != "all":
            head = merged[-1]
            merged[-1] = Lex(head.label, head.id.split("/")[0] + "/" + lx.text.lower().split()[-1], head.tok,
                             lx.tok_end, head.text + " " + lx.text)
        else:
            merged.append(lx)
    for lx in merged:
        if lx.id not in ids:
            ids.append(lx.id)
    tops = {i.split("/")[0] for i in ids}
    if "all" in tops and len(tops) > 1:
        tops.discard("all")
        ids = [i for i in ids if not i.startswith("all")]
    if {"civilians", "security", "militants"} <= tops:
        return "all"
    if len(ids) == 1:
        return ids[0]
    return "+".join(sorted(tops))


def _verb_after(s: Sentence, f: Fig, b: int) -> str | None:
    """ "15 civilians lost their lives", "113 security personnel were killed", "49 injured"."""
    a2, b2 = clause_of(s, f.tok)
    stop = min(b2, b + 5)
    for lx in s.lex:
        # "were killed or injured" is one measure spelled with verbs
        verbal = lx.label == "METRIC" and s.words[lx.tok] in ("killed", "dead", "injured", "wounded", "hurt")
        if (lx.label == "METRIC_VERB" or verbal) and b <= lx.tok < stop + 8:
            if lx.tok >= 2 and s.words[lx.tok - 1] == "and" and s.words[lx.tok - 2] == ",":
                continue  # ", and injured 90 people": a new predicate, not this figure's
            between = range(b, lx.tok)
            if all(
                s.words[k] in LINK_VERBS
                or s.words[k] in ("have", "had", "has", "got", "reportedly", "also", ",", "and")
                or any(ff.tok <= k < ff.tok_end for ff in s.figs)
                or s.lex_at(k, "ACTOR")
                for k in between
            ):
                f.evidence["metric"] = f"verb {lx.text!r} after the figure"
                return lx.id
    return None


def _agent_before(s: Sentence, f: Fig) -> str | None:
    """ "eliminated 59 militants", "killed a total of 79 civilians", "detained 18 others"."""
    a, _ = clause_of(s, f.tok)
    for lx in sorted(s.lex, key=lambda x: -x.tok):
        if (
            lx.label in ("METRIC_AGENT", "METRIC_VERB")
            and a <= lx.tok
            and lx.tok_end <= f.tok
            and f.tok - lx.tok_end <= 4
        ):
            gap = s.words[lx.tok_end : f.tok]
            if all(w in AGENT_GAP for w in gap):
                f.evidence["metric"] = f"verb {lx.text!r} before the figure"
                return lx.id
    return None


def _metric_in_clause(s: Sentence, f: Fig, prefer: str = "left") -> str | None:
    a, b = clause_of(s, f.tok)
    cands = [
        lx
        for lx in s.lex
        if lx.label in ("METRIC", "METRIC_VERB") and a <= lx.tok < b and not (f.tok <= lx.tok < f.tok_end)
    ]
    if not cands:
        cands = [lx for lx in s.lex if lx.label in ("METRIC", "METRIC_VERB") and s.tok <= lx.tok < s.tok_end]
    if not cands:
        return None
    # "82 were killed, the great majority during counter-terrorist operations, along with 31 officers": a
    # measure in a 'during' adjunct says when, not what the figures after it count
    def _during(lx: Lex) -> bool:
        before = s.words[max(s.tok, lx.tok - 4) : lx.tok]
        return "during" in before and "," not in before[len(before) - before[::-1].index("during"):]
    adjunct = [lx for lx in cands if _during(lx)]
    if adjunct and len(adjunct) < len(cands):
        cands = [lx for lx in cands if lx not in adjunct]
    left = [lx for lx in cands if lx.tok < f.tok]
    right = [lx for lx in cands if lx.tok >= f.tok_end]
    pick = None
    if prefer == "near" and left and right:
        pick = left[-1] if f.tok - left[-1].tok_end <= right[0].tok - f.tok_end else right[0]
    elif prefer == "left" and left:
        pick = left[-1]
        # "Deaths in attacks on civilians numbered 1,406": a measure after 'in' qualifies the head before it
        # "the death toll from the Easter Sunday suicide bombings to 253": so does a short phrase after 'from'
        while pick is not left[0]:
            head = left[left.index(pick) - 1]
            gap = s.words[head.tok_end : pick.tok]
            if not (gap and gap[0] in ("in", "from", "during", "of") and len(gap) <= 5 and head.label == "METRIC"
                    and (len(gap) == 1 or all(w not in (",", ";", "and", "which", "that") for w in gap))
                    and not any(head.tok_end <= g.tok < pick.tok for g in s.figs)):
                break
            pick = head
    elif right:
        pick = right[0]
    elif left:
        pick = left[-1]
    if pick:
        f.evidence["metric"] = f"{pick.text!r} in the {'clause' if a <= pick.tok < b else 'sentence'}"
        return pick.id
    return None


def _percent_metric(s: Sentence, f: Fig) -> str | None:
    a, b = clause_of(s, f.tok)
    # "67% of all fatalities", "87% of attacks", "respectively of the fatalities"
    j = f.tok_end
    limit = min(b, j + 6)
    words = s.words[j:limit]
    if "of" in words[:3]:
        for lx in s.lex:
            if lx.label == "METRIC" and j <= lx.tok < limit:
                f.evidence["metric"] = f"'of {lx.text}' after the percent"
                return lx.id
    if f.kind == "change":
        # "a 12% decline in overall violence", "a 29 per cent surge in attacks"
        for lx in s.lex:
            if lx.label == "METRIC" and j <= lx.tok < min(b, j + 6) and "in" in s.words[j : lx.tok]:
                f.evidence["metric"] = f"'in {lx.text}' after the change"
                return lx.id
        # "violence decreased by 46 percent", "fatalities decreased by 21%"
        left = [lx for lx in s.lex if lx.label == "METRIC" and a <= lx.tok < f.tok]
        if left:
            f.evidence["metric"] = f"{left[-1].text!r} before the change"
            return left[-1].id
        # "documented 5,183 casualties ... — 1,659 killed and 3,524 injured — a 47% increase":
        # a change standing alone in its clause is of the sentence's first count
        heads = [g for g in s.figs if g.kind == "count" and g.tok < a and g.metric and not g.drop]
        in_clause = [lx for lx in s.lex if lx.label in ("METRIC", "METRIC_VERB") and a <= lx.tok < b]
        if heads and not in_clause:
            f.evidence["metric"] = f"the sentence's first count, {heads[0].num.text!r}"
            return heads[0].metric
    return _metric_in_clause(s, f, prefer="near" if f.kind == "share" else "left")


def _percent_actor(s: Sentence, f: Fig) -> list[Lex] | None:
    a, b = clause_of(s, f.tok)
    if f.kind == "share":
        # "the 38 percent figure for outlaws"
        after = [
            lx
            for lx in s.lex
            if lx.label == "ACTOR" and f.tok_end <= lx.tok <= f.tok_end + 3 and "for" in s.words[f.tok_end : lx.tok]
        ]
        if after:
            return after[:1]
        # "63% of all civilian casualties": the victims are named with the whole
        j = f.tok_end
        if "of" in s.words[j:j + 2]:
            for lx in s.lex:
                if lx.label == "ACTOR" and lx.id != "all" and j < lx.tok <= j + 4 and any(
                        m.label == "METRIC" and m.tok == lx.tok_end for m in s.lex):
                    return [lx]
        if any(lx.label == "AGENT_CUE" and a <= lx.tok < f.tok for lx in s.lex):
            return None  # "the Taliban caused 37%": who caused it, not whose it is
        # "outlaws accounted for the majority of fatalities, 38%", "civilians ... suffered 62 percent"
        cues = [lx for lx in s.lex if lx.label == "SHARE_CUE" and a <= lx.tok < f.tok]
        if cues:
            cue = cues[-1]
            subj = [lx for lx in s.lex if lx.label == "ACTOR" and a <= lx.tok < cue.tok and lx.id != "all"]
            if subj:
                return _contiguous_group(s, subj)
        return None
    # change: "civilian casualties ... went up", "militant fatalities increased by 29%"
    metric_lex = [lx for lx in s.lex if lx.label == "METRIC" and a <= lx.tok < f.tok]
    if metric_lex:
        m = metric_lex[-1]
        pre = [lx for lx in s.lex if lx.label == "ACTOR" and a <= lx.tok < m.tok and m.tok - lx.tok_end <= 6
               and not (lx.tok_end < len(s.words) and s.words[lx.tok_end] in REPORTING_VERBS)]
        if pre:
            return _contiguous_group(s, pre)
        post = [
            lx
            for lx in s.lex
            if lx.label == "ACTOR" and m.tok_end <= lx.tok < f.tok and lx.id != "all"
            and s.words[m.tok_end : lx.tok][:1] in (["among"], ["of"])
        ]
        if post:
            return _forward_group(s, post[0])
    return None


def _drop_agents(s: Sentence, lxs: list[Lex]) -> list[Lex]:
    return [lx for lx in lxs if s.words[lx.tok - 1] != "by"]


def _contiguous_group(s: Sentence, lxs: list[Lex]) -> list[Lex]:
    """The last run of actors joined by 'and' / ',' ("civilians, officials and security personnel")."""
    group = [lxs[-1]]
    for lx in reversed(lxs[:-1]):
        gap = s.words[lx.tok_end : group[0].tok]
        if all(w in (",", "and", "'", "’", "'s", "’s", "government", "the") for w in gap):
            group.insert(0, lx)
        else:
            break
    return group


def _linked_actors(s: Sentence, f: Fig, b: int) -> list[Lex] | None:
    """ "236 included civilians and security forces personnel", "nearly 1,000 ... among civilians"."""
    _, cb = clause_of(s, f.tok)
    j = b
    out = []
    while j < min(cb, b + 8):
        if any(ff.tok == j for ff in s.figs):
            break
        lx = s.lex_at(j, "ACTOR")
        if lx:
            out.append(lx)
            j = lx.tok_end
            continue
        if s.words[j] not in LINK_VERBS | {
            ",",
            "and",
            "the",
            "from",
            "among",
            "personnel",
            "members",
            "made",
            "up",
            "those",
            "were",
            "killed",
            "dead",
        }:
            if out:
                break
            if s.words[j] not in ("fatalities", "deaths"):
                break  # no actor listed after it: the subject of a share verb may still name it
        j += 1
    if out and s.words[b : b + 1] and s.words[b] in ("included", "were", "comprised", "among", "are", "include"):
        return out
    # "Civilians and security personnel make up nearly 1,000 fatalities"
    a, _ = clause_of(s, f.tok)
    cues = [lx for lx in s.lex if lx.label == "SHARE_CUE" and a <= lx.tok < f.tok and f.tok - lx.tok_end <= 3]
    if cues and cues[-1].text.lower() in ("recorded", "registered"):
        cues = []  # "Police recorded 783 murders": who counted, not who died
    if cues:
        subj = [lx for lx in s.lex if lx.label == "ACTOR" and a <= lx.tok < cues[-1].tok and lx.id != "all"]
        if subj:
            return _contiguous_group(s, subj)
    return None


VICTIM_METRICS = ("fatalities", "injuries", "casualties", "abductions")
METRIC_WORDS: dict[str, str] = {}  # surface -> metric, filled from the lexicon by the extractor


def modified_metric_actor(s: Sentence, lo: int | None = None, hi: int | None = None) -> Lex | None:
    """An actor word right before a victim metric ("civilian casualties") speaks for its clause."""
    for lx in s.lex:
        if lo is not None and not (lo <= lx.tok < hi):
            continue
        if lx.label != "ACTOR" or lx.id == "all":
            continue
        nxt = [m for m in s.lex if m.label == "METRIC" and m.tok == lx.tok_end]
        if nxt and nxt[0].id.split("/")[0] in VICTIM_METRICS:
            return lx
        prv = [
            m
            for m in s.lex
            if m.label == "METRIC" and m.tok_end == lx.tok - 1 and s.words[lx.tok - 1] in ("among", "of")
        ]
        if prv and prv[0].id.split("/")[0] in VICTIM_METRICS:
            group = _forward_group(s, lx)
            value = _actor_value(group)
            if value == "all":
                continue
            # "deaths of civilians and security forces personnel": the group as one actor
            return Lex("ACTOR_AFTER", value, lx.tok, group[-1].tok_end, " ".join(g.text for g in group))
    return None


def _forward_group(s: Sentence, first: Lex) -> list[Lex]:
    group = [first]
    for lx in s.lex:
        if (
            lx.label == "ACTOR"
            and lx.tok >= group[-1].tok_end
            and lx.tok - group[-1].tok_end <= 2
            and all(w in (",", "and") for w in s.words[group[-1].tok_end : lx.tok])
        ):
            group.append(lx)
    return group


def _clauses(s: Sentence) -> list:
    """The clauses of a sentence as (tok, tok_end) stand-ins."""
    out, start = [], s.tok
    for i in range(s.tok, s.tok_end):
        if s.words[i] in CLAUSE_BREAK:
            out.append(_Span(start, i))
            start = i + 1
    out.append(_Span(start, s.tok_end))
    return out if len(out) > 1 else []


@dataclass
class _Span:
    tok: int
    tok_end: int


SPEECH = {"said", "says", "say", "that", "noted", "added", "stated", "reported", "showed", "shows", "found"}
FILLER = ("the", "a", "an", "were", "was", "is", "are")
SUBJECT_CUES = ("AGENT_CUE", "SHARE_CUE", "METRIC_AGENT")
EVENT_METRICS = ("attacks", "operations", "incidents")


def subject_fine_types(s: Sentence) -> None:
    """"terror attacks claimed 1,022", "operations account for 1,265 deaths", "the Taliban caused 37%":
    victims counted by what caused them are a finer type of the measure (fatalities/operations)."""
    for f in s.figs:
        if f.drop or not f.metric or f.metric.split("/")[0] not in VICTIM_METRICS or "/" in f.metric:
            continue
        if f.tok >= 2 and s.words[f.tok - 2 : f.tok] == ["in", "which"]:
            # "197 operations targeting outlaws, in which 545 of them were killed"
            ev = [lx for lx in s.lex if lx.label == "METRIC" and lx.tok_end <= f.tok - 2
                  and lx.id.split("/")[0] in EVENT_METRICS]
            if ev:
                f.metric = f"{f.metric}/{ev[-1].id.split('/')[0]}"
                f.evidence["metric"] += f"; in the {ev[-1].text!r}"
                if f.actor == "all" and s.words[f.tok_end : f.tok_end + 2] == ["of", "them"]:
                    who = [lx for lx in s.lex if lx.label == "ACTOR" and lx.id != "all" and lx.tok < f.tok - 2]
                    if who:
                        f.actor = who[-1].id
                        f.evidence["actor"] = f"'of them': {who[-1].text!r}"
                continue
        a, _ = clause_of(s, f.tok)
        cues = [lx for lx in s.lex if lx.label in SUBJECT_CUES and s.tok <= lx.tok < f.tok]
        for cue in reversed(cues):
            subj = [lx for lx in s.lex if lx.label == "METRIC" and lx.tok_end <= cue.tok
                    and (all(w in (",", "which", "that", "have", "has", "had") for w in s.words[lx.tok_end : cue.tok])
                         or (cue.label == "AGENT_CUE" and cue.tok - lx.tok_end <= 4))
                    and lx.id.split("/")[0] in EVENT_METRICS]
            if subj:
                f.metric = f"{f.metric}/{subj[-1].id.split('/')[0]}"
                f.evidence["metric"] += f"; caused by {subj[-1].text!r}"
                break
            if cue.label == "AGENT_CUE" and cue.text.lower().endswith((" by", " to")):
                # "harm done by ISKP more than doubled": the agent follows the cue
                j = cue.tok_end
                words = []
                while j < f.tok and len(words) < 3 and s.words[j][:1].isalnum():
                    if s.words[j] not in FILLER:
                        words.append(s.words[j])
                    j += 1
                if words:
                    f.metric = f"{f.metric}/by_{'_'.join(words)}"
                    f.evidence["metric"] += f"; caused by {' '.join(words)!r}"
                break
            if cue.label == "AGENT_CUE" and f.tok >= 2 and s.words[f.tok - 1] == "for" and cue.tok_end < f.tok - 1:
                # "The Taliban were responsible for 37%, ISKP for 20%": each listed agent before its 'for'
                j = f.tok - 1
                while j > cue.tok_end and s.words[j - 1] not in (",", ";", "and"):
                    j -= 1
                words = [w for w in s.words[j : f.tok - 1] if w[:1].isalnum() and w not in FILLER]
                if words:
                    f.metric = f"{f.metric}/by_{'_'.join(words[-3:])}"
                    f.evidence["metric"] += f"; caused by {' '.join(words[-3:])!r}"
                break
            if cue.label == "AGENT_CUE" and a <= cue.tok:
                # the named agent right before the cue: "the Taliban caused", "Pro-Government Forces caused"
                j = cue.tok
                while j > a and j > cue.tok - 4 and (s.words[j - 1][:1].isalnum() or s.words[j - 1] == "-") and (
                        s.words[j - 1] not in SPEECH):
                    j -= 1
                who = [lx for lx in s.lex if lx.label == "ACTOR" and lx.id != "all" and j <= lx.tok < cue.tok]
                words = [w for w in s.words[j : cue.tok] if w[:1].isalnum() and w not in FILLER]
                while words and words[0] in ("and", "or", "while"):
                    words = words[1:]
                if who:  # "security forces and volunteer militias were responsible for": by_militants+security
                    slug = "+".join(sorted({lx.id.replace("/", "-") for lx in who}))
                    f.metric = f"{f.metric}/by_{slug}"
                    f.evidence["metric"] += f"; caused by {', '.join(lx.text for lx in who)!r}"
                elif words:
                    f.metric = f"{f.metric}/by_{'_'.join(words[-3:])}"
                    f.evidence["metric"] += f"; caused by {' '.join(words[-3:])!r}"
                break


def actor_scope(s: Sentence, doc_actor: str | None) -> None:
    """Figures of people with no category of their own take the sentence's, else the report's."""
    whole = modified_metric_actor(s)
    for f in s.figs:
        if f.drop or not f.metric or f.metric.split("/")[0] not in VICTIM_METRICS:
            continue
        if f.actor.startswith("all/") and (doc_actor == "civilians" or (whole is not None and whole.id == "civilians")):
            # "2,853 men" in a count of civilian casualties are civilian men; in a tribal ambush, just men
            f.actor = "civilians/" + f.actor.split("/", 1)[1]
            f.evidence["actor"] = f.evidence.get("actor", "") + "; the report counts civilians"
            continue
        if f.kind != "count":
            if f.actor == "all" and not f.evidence.get("actor") and doc_actor and f.kind in ("change", "share"):
                f.actor = doc_actor
                f.evidence["actor"] = "the report counts only " + doc_actor
            continue
        a, b = clause_of(s, f.tok)
        lx = modified_metric_actor(s, a, b)
        if lx is None and whole is not None and not any(
                modified_metric_actor(s, c.tok, c.tok_end) for c in _clauses(s)):
            lx = whole
        if f.actor != "all" or (
            f.evidence.get("actor")
            and "'people'" not in f.evidence["actor"]
            and "'persons'" not in f.evidence["actor"]
            and "'others'" not in f.evidence["actor"]
        ):
            continue
        if lx and lx.label == "ACTOR_AFTER" and f.tok < lx.tok:
            lx = None  # "... of those fatalities among civilians": not the figures before it
        if lx:
            f.actor = lx.id
            f.evidence["actor"] = f"{lx.text!r} in the sentence"
        elif doc_actor and (not f.evidence.get("actor") or any(
                g in f.evidence["actor"] for g in ("'people'", "'persons'", "'others'", "'individuals'"))):
            f.actor = doc_actor
            f.evidence["actor"] = "the report counts only " + doc_actor


# ----------------------------------------------------------------------------------------
# respectively


def respectively(s: Sentence) -> None:
    """ "KP, Punjab and GB ... 24%, 85% and 65% respectively": pair the lists in order."""
    rs = [lx for lx in s.lex if lx.label == "RESPECTIVELY"]
    if not rs:
        return
    r = rs[0]
    a, b = clause_of(s, r.tok)
    # the figures listed just before (or just after) 'respectively'
    figs = [f for f in s.figs if a <= f.tok and f.tok_end <= r.tok and not f.drop]
    if len(figs) < 2:
        figs = [f for f in s.figs if s.tok <= f.tok < s.tok_end and not f.drop]
    figs = _tail_list(s, figs)
    k = len(figs)
    if k < 2:
        return
    first = figs[0].tok
    regs = [rg for rg in s.regs if rg.tok < first]
    own = list({rg.code: rg for rg in regs if rg.kind != "country"}.values())
    regs = own if len(own) == k else _tail_group(s, regs, k)
    if len(regs) == k:
        for f, rg in zip(figs, regs):
            f.region = rg.code
            f.evidence["region"] = f"'respectively' pairs it with {rg.text!r}"
        return
    acts = [lx for lx in s.lex if lx.label == "ACTOR" and lx.tok < first and lx.id != "all"]
    acts = _tail_group_lex(s, acts, k)
    if len(acts) == k:
        for f, lx in zip(figs, acts):
            f.actor = lx.id
            f.evidence["actor"] = f"'respectively' pairs it with {lx.text!r}"
        return
    mets = [lx for lx in s.lex if lx.label in ("METRIC", "METRIC_VERB") and lx.tok < first]
    if mets and k == 2 and " and " in mets[-1].text.lower():
        parts = [METRIC_WORDS.get(p.strip().lower()) for p in mets[-1].text.lower().split(" and ")]
        if all(parts) and len(parts) == 2:
            for f, mid in zip(figs, parts):
                f.metric = mid
                f.evidence["metric"] = f"'respectively' pairs it with a part of {mets[-1].text!r}"
            return
    mets = _tail_group_lex(s, mets, k)
    if len(mets) == k and len({m.id for m in mets}) == k:
        for f, lx in zip(figs, mets):
            f.metric = lx.id
            f.evidence["metric"] = f"'respectively' pairs it with {lx.text!r}"


def _tail_list(s: Sentence, figs: list[Fig]) -> list[Fig]:
    if not figs:
        return figs
    out = [figs[-1]]
    for f in reversed(figs[:-1]):
        gap = s.words[f.tok_end : out[0].tok]
        if len(gap) <= 4 and all(w in (",", "and", "by", "of", "in", "per", "cent", "percent") for w in gap):
            out.insert(0, f)
        else:
            break
    return out


def _tail_group(s: Sentence, regs: list[Reg], k: int) -> list[Reg]:
    if len(regs) < k:
        return []
    group = [regs[-1]]
    for rg in reversed(regs[:-1]):
        gap = s.words[rg.tok_end : group[0].tok]
        ok = all(
            w in (",", "and", "(", ")", "the", "province", "provinces", "state", "states")
            or any(g.tok <= i < g.tok_end for g in regs for i in [0])
            for w in gap
        )
        if ok or _gap_is_alias(s, rg, group[0]):
            group.insert(0, rg)
        else:
            break
    # drop an alias repeated in parentheses: "Gilgit-Baltistan (GB)"
    dedup: list[Reg] = []
    for rg in group:
        if dedup and dedup[-1].code == rg.code:
            continue
        dedup.append(rg)
    return dedup[-k:] if len(dedup) >= k else []


def _gap_is_alias(s: Sentence, a: Reg, b: Reg) -> bool:
    gap = s.words[a.tok_end : b.tok]
    return len(gap) <= 3 and all(w in ("(", ")", ",", "and") for w in gap)


def _tail_group_lex(s: Sentence, lxs: list[Lex], k: int) -> list[Lex]:
    if len(lxs) < k:
        return []
    group = [lxs[-1]]
    for lx in reversed(lxs[:-1]):
        gap = range(lx.tok_end, group[0].tok)
        if all(
            s.words[i] in (",", "and", "'", "’", "forces", "the", "of")
            or any(f.tok <= i < f.tok_end for f in s.figs)
            or s.lex_at(i, "ACTOR")
            for i in gap
        ):
            group.insert(0, lx)
        else:
            break
    return group[-k:] if len(group) >= k else []


# ----------------------------------------------------------------------------------------
# region


def mark_origins(s: Sentence, doc_actor: str | None) -> None:
    """"30 from Jammu and Kashmir, 2 people from Uttar Pradesh": the victims' home region is a finer
    type of the actor (civilians/from-IN-UP); the place of the figure stays the report's."""
    for f in s.figs:
        for rg in s.regs:
            if f.tok_end <= rg.tok <= f.tok_end + 3 and s.words[rg.tok - 1] == "from" and all(
                    w in ("from", "people", "persons", "civilians", "were", "was", "victims")
                    for w in s.words[f.tok_end:rg.tok]):
                rg.origin = True
                top = f.actor.split("/")[0]
                if top == "all":
                    top = doc_actor or "all"
                f.actor = f"{top}/from-{rg.code}"
                f.evidence["actor"] = f"'from {rg.text}' after the figure: where the victims come from"
                break
    s.regs = [rg for rg in s.regs if not rg.origin]


def resolve_region(s: Sentence, f: Fig, country: str | None, rest_except: list[str],
                   last_group: list[str] | None = None) -> None:
    if f.region:
        return
    if last_group and len(last_group) == 2:
        # "the provinces of KP and Balochistan ... the former bore 51pc and the latter 41pc"
        near = s.words[max(s.tok, f.tok - 4) : f.tok]
        for word, code in (("former", last_group[0]), ("latter", last_group[1])):
            if word in near:
                f.region = code
                f.evidence["region"] = f"'the {word}' of {' and '.join(last_group)}"
                return
    a, b = clause_of(s, f.tok)
    s = _without_partial_places(s)
    # "the remaining regions ... 8 percent"
    rest = [
        lx
        for lx in s.lex
        if lx.label == "REST_REGION" and a <= lx.tok < f.tok and not any(lx.tok < rg.tok < f.tok for rg in s.regs)
    ]
    if rest and country:
        f.region = country
        f.except_ = tuple(sorted(set(rest_except))) or None
        f.evidence["region"] = f"{rest[0].text!r}: the country less the regions named before"
        return
    # "181 were killed in the South-East, 127 in the South-West": a bare figure followed by 'in' and a
    # place is that place's, whatever the list put before it
    if f.tok_end + 1 < s.tok_end and s.words[f.tok_end] == "in":
        k = f.tok_end + 1 + (s.words[f.tok_end + 1] == "the")
        here = [rg for rg in s.regs if rg.tok == k]
        if here:
            group = _group_after(s, list(s.regs), f) or here  # "401 in the Fizi and Uvira territories"
            if group[0] is not here[0]:
                group = here
            f.region = "+".join(dict.fromkeys(rg.code for rg in group))
            f.evidence["region"] = f"'in {' and '.join(rg.text for rg in group)}' right after the figure"
            return
    # "J&K (56)", "Zamfara (461)", "Baghdad 30 killed", "KP suffered 67%"
    for rg in reversed(s.regs):
        if (
            rg.tok_end <= f.tok
            and f.tok - rg.tok_end <= 2
            and all(
                w in ("(", ",", "with", "at", "had", "saw", "suffered", "took", "bore", "recorded")
                for w in s.words[rg.tok_end : f.tok]
            )
        ):
            f.region = rg.code
            f.evidence["region"] = f"{rg.text!r} right before the figure"
            return
    if any(lx.label == "COUNTRYWIDE" and a <= lx.tok < b for lx in s.lex) and country:
        f.region = country
        f.evidence["region"] = "said of the whole country"
        return
    in_clause = [rg for rg in s.regs if a <= rg.tok < b]
    if any(w in JOINT for w in s.words[s.tok : f.tok]):
        # "KP and Balochistan ..., which between them registered nearly 92%"
        joint = list({rg.code: rg for rg in s.regs if rg.tok < f.tok and rg.kind != "country"}.values())
        if len(joint) >= 2:
            f.region = "+".join(rg.code for rg in joint)
            f.evidence["region"] = "named together: " + ", ".join(repr(rg.text) for rg in joint)
            return
    pick = _group_before(s, in_clause, f) or _group_after(s, in_clause, f)
    if not pick:
        pick = _group_before(s, list(s.regs), f)
    if not pick and f.kind == "share":
        shared = _coordinated_share_place(s, f)
        if shared:
            f.region = "+".join(dict.fromkeys(rg.code for rg in shared))
            f.evidence["region"] = "the place of the predicate it shares: " + ", ".join(repr(rg.text) for rg in shared)
            return
    if not pick and len(s.regs) > 1:
        # "40 people were killed by insurgents in Macomia district of Cabo Delgado": the first place after
        # 'in' is the figure's; a place it lies in ("of Cabo Delgado") only locates it
        right = [rg for rg in s.regs if rg.tok > f.tok_end]
        if right and s.words[right[0].tok - 1] in LOCATIVE and right[0].kind != "country" and not any(
                w in CLAUSE_BREAK for w in s.words[f.tok_end : right[0].tok]) and not any(
                f.tok_end <= g.tok < right[0].tok and g.kind == f.kind for g in s.figs) and (
                right[0].tok - f.tok_end <= 12) and all(
                    rg.tok >= right[0].tok for rg in s.regs if rg.tok > f.tok_end) and (
                len(right) == 1 or "of" in s.words[right[0].tok_end : right[1].tok]):
            pick = right[:1]
    if not pick and len(s.regs) == 1 and s.regs[0].tok > f.tok_end and s.words[s.regs[0].tok - 1] in LOCATIVE and (
            not any(w in CLAUSE_BREAK for w in s.words[f.tok_end : s.regs[0].tok])) and not any(
            f.tok_end <= g.tok < s.regs[0].tok and g.kind == f.kind and "," in s.words[f.tok_end : g.tok]
            for g in s.figs):
        pick = s.regs[:1]  # "Two security personnel died and one was injured in Islamabad": the one place named
    if pick and len(pick) >= 6 and country:
        f.region = country  # "across the LWE-hit states of A, B, C, D and E": a scope, not a place
        f.evidence["region"] = "a list of regions that names the country's scope"
        return
    if pick:
        f.region = "+".join(dict.fromkeys(rg.code for rg in pick))
        f.evidence["region"] = (
            "named in the "
            + ("clause" if pick[0] in in_clause else "sentence")
            + ": "
            + ", ".join(repr(rg.text) for rg in pick)
        )


_PARTIAL = regex.compile(
    r"(?:most|many|some|half|several|majority|all|none)\s+of\s+(?:them|which|whom|these|those)\s+(?:\w+\s+)?"
    r"(?:in|from)\s+(?:the\s+)?$|(?:mostly|mainly|largely|chiefly|primarily)\s+(?:in|from)\s+(?:the\s+)?$",
    regex.I)


def _without_partial_places(s: Sentence) -> Sentence:
    """ "612 killings, most of them in Beni territory": where part of the figure happened is not its place."""
    keep = [rg for rg in s.regs if not _PARTIAL.search(" ".join(s.words[max(s.tok, rg.tok - 6) : rg.tok]) + " ")]
    return s if len(keep) == len(s.regs) else dataclasses.replace(s, regs=keep)


COUNTRY_WORDS: set[str] = set()  # lower-cased country names, filled by the extractor from the gazetteer
LOCATIVE = {"in", "across", "at", "within", "throughout"}
PLACE_MODIFIERS = {"'s", "’s", "the", "southern", "northern", "eastern", "western", "central", "north", "south", "east",
                   "west", "northwestern", "southwestern", "northeastern", "southeastern", "north-western",
                   "south-western", "north-eastern", "south-eastern", "restive", "troubled", "province", "state"}


def _located(s: Sentence, np_end: int, rg: Reg) -> bool:
    """"a decline of 32% in Pakistan's southern Sindh province": a place right after 'in' and its modifiers."""
    gap = s.words[np_end : rg.tok]
    if not gap or gap[0] not in LOCATIVE or len(gap) > 6:
        return False
    return all(w in PLACE_MODIFIERS or w in LOCATIVE or w in COUNTRY_WORDS
               or any(r.tok <= np_end + k < r.tok_end for r in s.regs) for k, w in enumerate(gap))


def _group_before(s: Sentence, regs: list[Reg], f: Fig) -> list[Reg] | None:
    left = [rg for rg in regs if rg.tok_end <= f.tok]
    if not left:
        return None
    group = [left[-1]]
    for rg in reversed(left[:-1]):
        gap = s.words[rg.tok_end : group[0].tok]
        if (
            len(gap) <= 4
            and all(
                w
                in (
                    ",",
                    "and",
                    "the",
                    "provinces",
                    "province",
                    "of",
                    "(",
                    ")",
                    "state",
                    "states",
                    "southwestern",
                    "northwestern",
                )
                or _counted_parts(w)
                for w in gap
            )
            and "and" in gap
            or (_gap_is_alias(s, rg, group[0]))
        ):
            group.insert(0, rg)
        else:
            break
    dedup = []
    for rg in group:
        if dedup and (dedup[-1].code == rg.code):
            continue
        dedup.append(rg)
    # a country next to one of its own regions ("Pakistan's southern Sindh province"): the region
    subs = [rg for rg in dedup if rg.kind != "country"]
    return subs or dedup


def _counted_parts(w: str) -> bool:
    """ "Pattani, Yala, Narathiwat and four districts of Songkhla": parts of a place in a list of places."""
    return w in ("of", "districts", "district", "counties", "county", "parts", "part", "the") or w.isdigit() or (
        w.lower() in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"))


_ALONG = ("together", "along", "alongside", "well")  # "together with", "along with", "as well as"


def _coordinated_share_place(s: Sentence, f: Fig) -> list[Reg] | None:
    """ "92% of all fatalities, together with 86% of attacks, took place in KP and Balochistan": shares
    joined as one subject take the place of their common predicate."""
    nxt = [g for g in s.figs if g.tok >= f.tok_end and g.kind == "share"]
    if not nxt:
        return None
    g = nxt[0]
    gap = s.words[f.tok_end : g.tok]
    if not any(w in _ALONG for w in gap) or any(w in (";", ":") for w in gap):
        return None
    return _group_after(s, list(s.regs), g)


SETTLEMENT_WORDS = {"town", "towns", "village", "villages", "city", "locality", "localities", "settlement",
                    "settlements", "commune", "communes", "municipality", "municipalities", "camp", "hamlet"}


def _settled(s: Sentence, np_end: int, rg: Reg) -> bool:
    """ "26 people died in an attack on the town of Finote Selam": the town named after its figure."""
    return (rg.tok >= 2 and s.words[rg.tok - 1] == "of" and s.words[rg.tok - 2] in SETTLEMENT_WORDS
            and rg.tok - np_end <= 12 and not any(w in CLAUSE_BREAK or w in (";", ".") for w in s.words[np_end:rg.tok]))


def _group_after(s: Sentence, regs: list[Reg], f: Fig) -> list[Reg] | None:
    _, np_end = _np_after(s, f)
    reach = 16 if f.kind == "share" else 3  # "92% of fatalities in Pakistan occurred in KP and Balochistan"
    right = [rg for rg in regs if rg.tok >= f.tok_end and (rg.tok - np_end <= reach or _located(s, np_end, rg))
             and (s.words[rg.tok - 1] in ("in", "across", "at", "within", "throughout", "the", "and")
                  or (f.kind == "share" and s.words[rg.tok - 2 : rg.tok] in (["provinces", "of"], ["regions", "of"],
                                                                            ["states", "of"]))
                  or _located(s, np_end, rg))]
    right = right or [rg for rg in regs if rg.tok >= f.tok_end and _settled(s, np_end, rg)]
    if f.kind == "share" and any(rg.kind != "country" for rg in right):
        right = [rg for rg in right if rg.kind != "country"]
    if not right:
        return None
    group = [right[0]]
    for rg in [r for r in regs if r.tok > right[0].tok]:
        gap = s.words[group[-1].tok_end : rg.tok]
        if gap and all(w in GROUP_GAP or _counted_parts(w) for w in gap) and rg.code != group[-1].code:
            group.append(rg)
        elif _gap_is_alias(s, group[-1], rg):
            continue
        else:
            break
    if len(group) > 1 and not any(w == "and" for w in s.words[group[0].tok_end : group[-1].tok]):
        return group[:1]
    subs = [rg for rg in group if rg.kind != "country"]
    return subs or group


# ----------------------------------------------------------------------------------------
# period


_SOURCE_VERBS = frozenset(("gave", "reported", "recorded", "registered", "logged", "put", "cited", "counted",
                           "documented", "listed", "published", "released"))
# "Police reported 3,397 homicides": the subject of these verbs counted the figure, it is not whose it is
REPORTING_VERBS = _SOURCE_VERBS | {"said", "says", "reports", "records", "told", "announced", "confirmed", "estimated"}


def bind_periods(s: Sentence) -> None:
    """ "41 in Q1", "89 in October", "20 in 2013": a period right after a figure is its own."""
    placed = {k for rg in s.regs for k in range(rg.tok, rg.tok_end)}  # tokens that name a place
    for i, f in enumerate(s.figs):
        for p in s.pers:
            gap = s.words[f.tok_end : p.tok]
            if p.tok >= f.tok_end and len(gap) <= 6 and p.bound_to is None and not (
                    f.kind == "change" and _is_base(p)):
                gap_words = [
                    w
                    for w in gap
                    if w not in ("in", "during", "for", "of", "the", "(", ",", "month", "by", "on", "as", "at",
                                 "whole", "entire", "recorded", "registered", "reported", "logged", "documented")
                ]
                # "4,789 homicides in Haiti in 2023": a place between the figure and its period is part of it
                nouns_ok = all(_lexy(s, f.tok_end + k) or f.tok_end + k in placed
                               for k, w in enumerate(gap) if w in gap_words)
                core = [w for w in gap_words if w not in ("had", "has", "have")]
                if core and len(core) <= 2 and core[0] in ("it", "they", "which") and (
                        len(core) == 1 or core[1] in _SOURCE_VERBS):
                    # "the figure of 27,213 it gave for 2011", "the 51 it had recorded in 2023": the source's
                    # own figure for that period
                    gap_words = []
                if not gap_words or (nouns_ok and len(gap_words) <= 3 and any(w in ("in", "during") for w in gap)):
                    p.bound_to = i
                    # an apposition names the same period: "in the October-December period — the final quarter"
                    for q in s.pers:
                        if (
                            q.tok >= p.tok_end
                            and q.tok - p.tok_end <= 2
                            and q.bound_to is None
                            and all(w in ("—", "–", ",", "(", "-", "the", "i.e.") for w in s.words[p.tok_end : q.tok])
                        ):
                            q.bound_to = i
                    break


def bind_possessive(s: Sentence) -> None:
    """"November's figure of some 164", "March, with a minimum of 3,378 deaths": a period that the
    sentence is about, right before its figure."""
    for i, f in enumerate(s.figs):
        for p in s.pers:
            lead = p.mention.rule in ("month_poss", "month_lead") and 0 < f.tok - p.tok_end <= 5
            if p.bound_to is None and lead and not any(p.tok < g.tok < f.tok for g in s.figs):
                p.bound_to = i


def bind_parenthesised(s: Sentence) -> None:
    """ "in 2017 (218) ... 2013 (100)": a period right before a bracketed figure is its own."""
    for i, f in enumerate(s.figs):
        if f.tok > 0 and s.words[f.tok - 1] == "(":
            for p in s.pers:
                if p.tok_end == f.tok - 1 and p.bound_to is None:
                    p.bound_to = i


def _lexy(s: Sentence, i: int) -> bool:
    return s.lex_at(i) is not None or s.words[i] in ("-", "'s") or s.words[i][:1].isupper() is False and False


def resolve_period(s: Sentence, f: Fig, idx: int, doc_period: str | None, scope: str | None = None) -> None:
    """Bound period, else the clause's, else the sentence's, else the paragraph's scope, else the report's."""
    bound = [p for p in s.pers if p.bound_to == idx and p.value]
    if bound:
        f.period = bound[0].value
        f.evidence["period"] = f"{bound[0].mention.text!r} right after the figure"
        return
    prev = next((g for g in reversed(s.figs) if g.tok_end <= f.tok), None)
    if f.delta and prev is not None and prev.kind == "count":
        # "August was the deadliest month with 68 murders, two more than in July": a difference apposed to a
        # count is of that count's period
        gap = range(prev.tok_end, f.tok)
        own = [p for p in s.pers if p.value and p.bound_to is not None and s.figs[p.bound_to] is prev]
        if own and len(gap) <= 3 and "," in s.words[prev.tok_end : f.tok] and all(
                s.words[k] == "," or _lexy(s, k) for k in gap):
            f.period = own[0].value
            f.evidence["period"] = f"{own[0].mention.text!r}, the period of {prev.num.text!r} it is set beside"
            return
    a0, b0 = clause_of(s, f.tok)
    for p in s.pers:
        # "recorded 37 casualties from 14 attacks in May": one event, one period; not a comparison
        g = s.figs[p.bound_to] if p.bound_to is not None else None
        if (g is not None and g is not f and p.value and f.kind == "count" and g.kind == "count"
                and a0 <= g.tok < b0 and g.metric and f.metric and not _compared_value(s, g)
                and g.metric.split("/")[0] != f.metric.split("/")[0]
                and not any(w in COMPARATIVE or w in ("(", ")")
                            for w in s.words[min(f.tok, g.tok) - 1 : max(f.tok_end, g.tok_end) + 1])
                and not any(q.bound_to == idx for q in s.pers)):
            f.period = p.value
            f.evidence["period"] = f"{p.mention.text!r}, the period of {g.num.text!r} in the same clause"
            return
    for p in s.pers:
        # "compared with April 2024, when 129 civilians were killed": the when-clause is of that period
        if (f.kind == "count" and p.value and p.tok_end < f.tok
                and s.words[p.tok_end : p.tok_end + 2] in ([",", "when"], ["when"])
                and not any(q.tok_end <= f.tok and q.tok > p.tok for q in s.pers)
                and not any(w in CLAUSE_BREAK for w in s.words[p.tok_end : f.tok])):
            f.period = _point_of(p) or p.value
            f.evidence["period"] = f"'{p.mention.text}, when ...'"
            return
    if f.kind == "count" and not f.delta and _compared_value(s, f):
        # "11 percent more than the 171 it registered a year earlier": the compared count is of that period
        later = [p for p in s.pers if p.bound_to is None and p.value and _is_base(p) and 0 <= p.tok - f.tok_end <= 8]
        if not later:
            # "nearly triple the 14 deaths, along with 2,422 injuries, of the first half of 2023"
            later = [p for p in s.pers if p.bound_to is None and p.value and 0 <= p.tok - f.tok_end <= 10
                     and s.words[p.tok - 1] in ("of", "in") and not any(w in CLAUSE_BREAK or w in (".",)
                                                                      for w in s.words[f.tok_end : p.tok])]
        if later:
            f.period = later[0].value
            f.evidence["period"] = f"{later[0].mention.text!r}, the period it is compared as"
            return
    a, b = clause_of(s, f.tok)
    free = [p for p in s.pers if p.bound_to is None and p.value and not _is_base(p) and not _aside_from(s, p, f)]
    dated = [p for p in free if p.mention.meta.get("report_date")]
    if dated and len(dated) < len(free):
        free = [p for p in free if p not in dated]
    elif dated:
        # "A UN report in January counted 4,789 homicides in Haiti in 2023, an increase of 119.4 per cent": the
        # report's date yields to the period the sentence gives its counts
        own = [p for p in s.pers if p.bound_to is not None and p.value and not _is_base(p)
               and s.figs[p.bound_to].tok < f.tok and s.figs[p.bound_to].kind == "count"]
        if own:
            f.period = own[-1].value
            f.evidence["period"] = f"{own[-1].mention.text!r}, the period of the sentence's count; " \
                                   f"{dated[0].mention.text!r} dates the report"
            return
        if doc_period and all(p.value != doc_period and p.mention.spec[0] != "upto" for p in dated):
            free = []  # "said in its latest situation report on Thursday": the report's period, not its day
    if any(p.tok_end <= f.tok for p in free):
        # "killed 25 soldiers and four civilians, and on 13 March a suicide attack killed 37": a period that
        # opens the next coordinated clause dates that clause
        free = [p for p in free if p.tok < f.tok_end or s.words[p.tok - 2 : p.tok] not in ([",", "and"], [",", "then"])]
    # "350 soldiers had been killed in eight months, 140 of them in January and February": a period after a
    # part counted 'of them' is the part's
    parts = [g.tok_end for g in s.figs if g is not f and g.tok >= f.tok_end
             and s.words[g.tok_end : g.tok_end + 2] in OF_WHOM]
    if parts:
        free = [p for p in free if not any(t <= p.tok for t in parts)]
    in_clause = [p for p in free if a <= p.tok < b]
    pick = _nearest(in_clause, f) or _nearest(free, f)
    if pick:
        f.period = pick.value
        f.evidence["period"] = f"{pick.mention.text!r} in the {'clause' if pick in in_clause else 'sentence'}"
        return
    if f.kind == "count" and not f.delta:
        # "than in July 2014, when fighting killed 1,737": a comparison period is a count's own when alone
        based = [p for p in s.pers if p.bound_to is None and p.value and _is_base(p)
                 and p.mention.rule not in ("same_period_last_year", "year_on_year")]
        if based and not any(ff.kind == "change" for ff in s.figs):
            f.period = based[-1].value
            f.evidence["period"] = f"{based[-1].mention.text!r}, the only period of the sentence"
            return
    if scope:
        f.period = scope
        f.evidence["period"] = "the period of the paragraph so far"
        return
    f.period = doc_period
    if doc_period:
        f.evidence["period"] = "the report's period"


def _point_of(p: Per) -> str | None:
    """ "the worst assault since June 1998, when 80 students died": the when-clause is of June 1998 itself,
    not of the span since then."""
    sp = p.mention.spec
    if sp[0] != "since" or not isinstance(sp[1], tuple):
        return None
    y, m, d = sp[1]
    if p.mention.rule == "year":
        return str(y)
    if p.mention.rule in ("month_year", "since_month"):
        return f"{y}-{m:02d}"
    if p.mention.rule == "date":
        return f"{y}-{m:02d}-{d:02d}"
    return None


_RELATIVE = ("which", "who", "whose", "whom")
# "41 of them children", "two of whom were police": a part of the count just before
OF_WHOM = (["of", "whom"], ["of", "them"], ["of", "those"], ["of", "these"])


def _aside_from(s: Sentence, p: Per, f: Fig) -> bool:
    """ "The ADF, which pledged allegiance to IS in 2019, were blamed for 612 killings": a period inside a
    comma-bounded relative clause dates that clause, not a figure outside it."""
    k = p.tok - 1
    while k > s.tok and s.words[k] not in (",", ";", ":"):
        k -= 1
    if k + 1 >= p.tok or s.words[k] != "," or s.words[k + 1].lower() not in _RELATIVE:
        return False
    end = next((j for j in range(p.tok_end, s.tok_end) if s.words[j] in (",", ";", ":")), s.tok_end)
    return not (k < f.tok < end)


def _compared_value(s: Sentence, f: Fig) -> bool:
    """ "more than the 171", "down from 3,633", "against 2,210": the figure a comparison is made with."""
    k = f.tok - 1
    if k > s.tok and s.words[k].lower() == "the":
        k -= 1
    if k < s.tok:
        return False
    w = s.words[k].lower()
    if w == "from":
        # "down from 637", "fell to 38 from 67"; not "casualties from 14 attacks"
        return (k > s.tok and s.words[k - 1].lower() in _FROM_CHANGE) or any(g.tok_end == k for g in s.figs)
    return w in ("than", "against", "versus", "vs", "over", "times", "twice", "double", "triple")


_FROM_CHANGE = frozenset(("down", "up", "rose", "fell", "dropped", "declined", "increased", "decreased", "climbed",
                          "jumped", "risen", "fallen", "grew", "compared", "higher", "lower", "more", "less", "rising",
                          "falling", "increase", "decrease", "decline", "drop", "rise"))


def _is_base(p: Per) -> bool:
    cue = p.mention.base_cue
    if p.mention.rule == "year_before":
        return True  # "the 1,932 it recorded the year before": a comparison by its own words
    if p.mention.rule in SPANNING_RULES:
        return p.mention.rule in ("same_period_last_year", "year_on_year")
    if cue == "over":
        # "rose 15% over Q1" compares; "over the last nine years" spans
        return p.mention.rule in ("quarter", "quarter_words", "month_year", "year", "half", "half_code", "month")
    return bool(cue)


def _nearest(pers: list[Per], f: Fig) -> Per | None:
    if not pers:
        return None
    left = [p for p in pers if p.tok_end <= f.tok]
    right = [p for p in pers if p.tok >= f.tok_end]
    if left and (not right or f.tok - left[-1].tok_end <= right[0].tok - f.tok_end + 4):
        return left[-1]
    return right[0] if right else None


def _pkey(v: str):
    from .periods import bounds

    b = bounds(v)
    return b[0] if b else (0, 0, 0)


def resolve_base(s: Sentence, f: Fig) -> None:
    if f.kind != "change":
        return
    if not f.period:
        return
    # "from 2009 to 2021": the change runs between the two
    for p in s.pers:
        if p.mention.rule == "year_range" and (p.mention.base_cue == "from" or "from" in p.mention.text.lower()):
            a_, b_ = p.mention.spec[1], p.mention.spec[2]
            f.period, f.base_period = str(b_), str(a_)
            f.evidence["base_period"] = f"{p.mention.text!r}"
            return
    bound = sorted(
        {p.value for p in s.pers if p.bound_to is not None and p.value and s.figs[p.bound_to].kind == "count"},
        key=lambda v: _pkey(v),
    )
    if len(bound) == 2 and "period" in f.evidence and "right after" not in f.evidence["period"]:
        f.base_period, f.period = bound[0], bound[1]
        f.evidence["period"] = "the later of the two compared counts"
        f.evidence["base_period"] = "the earlier of the two compared counts"
        return
    cands = [p for p in s.pers if p.value and (_is_base(p) or p.bound_to is not None) and p.value != f.period]
    same = [p for p in s.pers if p.mention.rule in ("same_period_last_year", "year_on_year")]
    if same:
        f.base_period = shift_year(f.period, -1) if same[0].mention.spec[1] is None else same[0].value
        if same[0].mention.spec[1] is not None and f.period and "/" in f.period:
            y = same[0].mention.spec[1]
            from .periods import bounds

            bb = bounds(f.period)
            if bb:
                f.base_period = shift_year(f.period, y - bb[0][0])
        f.evidence["base_period"] = f"{same[0].mention.text!r}"
        return
    if cands:
        near = min(cands, key=lambda p: abs(p.tok - f.tok))
        f.base_period = near.value
        f.evidence["base_period"] = f"{near.mention.text!r} in the sentence"
        return
    f.base_period = previous(f.period)
    f.evidence["base_period"] = "the period before"


# ----------------------------------------------------------------------------------------
# share 'of'


def share_of(f: Fig, country: str | None) -> None:
    if f.kind != "share":
        return
    if f.region and country and (f.region != country or f.except_):
        f.of = {"region": country}
    elif f.metric and "/" in f.metric:
        f.of = {"metric": f.metric.split("/")[0]}
    elif f.actor != "all":
        f.of = {"actor": "all"}
    elif f.metric and "/" in f.metric:
        f.of = {"metric": f.metric.split("/")[0]}
    else:
        f.of = {"region": country} if country else None


def values_from_to(s: Sentence) -> None:
    """A stated change with the two counts it compares: base_value and new_value."""
    # "from 333 to 516", "to 178 from 91": the compared counts take the change's periods and roles
    for a_, b_ in zip(s.figs, s.figs[1:]):
        if a_.kind != "count" or b_.kind != "count":
            continue
        gap = s.words[a_.tok_end:b_.tok]
        before = s.words[a_.tok - 1] if a_.tok > 0 else ""
        if before == "from" and gap == ["to"]:
            old_, new_ = a_, b_
        elif before == "to" and gap == ["from"]:
            old_, new_ = b_, a_
        else:
            continue
        ch = [f for f in s.figs if f.kind == "change" and not f.drop and f.period and f.base_period
              and f.metric and a_.metric and b_.metric
              and f.metric.split("/")[0] in (a_.metric.split("/")[0], "violence")]
        if not ch:
            # "fell to 104 from 98" with no percent: the earlier count is of the period before
            if ("period" not in old_.evidence or "right after" not in old_.evidence["period"]) and new_.period and (
                    any(lx.label.startswith("CHANGE") and lx.tok < min(a_.tok, b_.tok)
                        and min(a_.tok, b_.tok) - lx.tok_end <= 2 for lx in s.lex)):
                base = previous(new_.period)
                if base:
                    old_.period = base
                    old_.evidence["period"] = "compared with the count after it: the period before"
            continue
        c = min(ch, key=lambda f: abs(f.tok - a_.tok))
        for cnt, per in ((old_, c.base_period), (new_, c.period)):
            if "right after" not in cnt.evidence.get("period", ""):
                cnt.period = per
                cnt.evidence["period"] = f"compared by {c.num.text!r}"
            if cnt.actor == "all" and c.actor != "all":
                cnt.actor = c.actor
                cnt.evidence["actor"] = f"compared by {c.num.text!r}"
            if c.region and cnt.region != c.region and "right before" not in cnt.evidence.get("region", ""):
                cnt.region = c.region
        c.base_value, c.new_value = old_.value, new_.value
    # "incidents fell by four per cent, from 215": the count after 'from' is the change's base
    for c, n in zip(s.figs, s.figs[1:]):
        if (c.kind != "change" or c.drop or not c.base_period or n.kind != "count" or n.drop
                or s.words[n.tok - 1] != "from" or n.tok - c.tok_end > 4
                or any(w in CLAUSE_BREAK or w in (";", "and", "but") for w in s.words[c.tok_end:n.tok])
                or c.base_value is not None):
            continue
        if n.period == c.period and "right after" not in n.evidence.get("period", ""):
            n.period = c.base_period
            n.evidence["period"] = f"the base of {c.num.text!r}"
        c.base_value = n.value
    for f in s.figs:
        if f.kind != "change" or f.drop:
            continue
        if f.actor == "all" and not f.evidence.get("actor"):
            own = [
                c
                for c in s.figs
                if c.kind == "count"
                and c.period == f.period
                and c.actor != "all"
                and c.metric
                and f.metric
                and c.metric.split("/")[0] == f.metric.split("/")[0]
                and not c.drop
            ]
            if len(own) == 1:
                f.actor = own[0].actor
                f.evidence["actor"] = f"the count it compares, {own[0].num.text!r}"
        for c in s.figs:
            if (
                c.kind == "count"
                and c.actor == "all"
                and f.actor != "all"
                and c.metric
                and f.metric
                and c.metric.split("/")[0] == f.metric.split("/")[0]
                and not c.evidence.get("actor")
                and c.period in (f.period, f.base_period)
            ):
                c.actor = f.actor
                c.evidence["actor"] = f"compared by the change {f.num.text!r}"
        counts = [
            c
            for c in s.figs
            if c.kind == "count"
            and not c.drop
            and c.metric
            and f.metric
            # a change of "violence" is read on the counts of deaths or casualties; any other on its own measure
            and c.metric.split("/")[0] in ((f.metric.split("/")[0],) if f.metric != "violence"
                                           else ("violence", "fatalities", "casualties"))
            and (c.region or "") == (f.region or "")
            and c.actor.split("/")[0] == f.actor.split("/")[0]
        ]
        base = [c for c in counts if c.period == f.base_period]
        new = [c for c in counts if c.period == f.period]
        if base and new:
            f.base_value, f.new_value = base[0].value, new[-1].value
            if f.metric == "violence":
                f.metric = base[0].metric.split("/")[0]


_TITLE_RX = regex.compile(r"(?:titled|entitled|called|named)[,:]?\s+[\"“‘'](?P<t>[^\"”’]{5,150})[\"”’]", regex.I)
_PUBLISHER_RX = regex.compile(
    r"(?P<name>(?:the\s+)?(?:[A-Z][\w&.'’-]*\s+)*?(?:Center|Centre|Institute|Mission|Office|Council|Ministry|Agency|"
    r"Project|Portal|Commission|Intelligence|Organisation|Organization|Observatory|Foundation|Group|Bureau)"
    r"(?:\s+(?:for|of|on|in|and)\s+(?:[A-Z][\w&,'’-]*\s*|and\s+|the\s+)+?)?)\s*\((?P<abbr>[A-Z][A-Za-z&]{1,10})\)"
)


def report_info(text: str) -> dict | None:
    """Publisher (its acronym when given) and title, when the text names them."""
    out: dict[str, str] = {}
    m = _PUBLISHER_RX.search(text)
    if m:
        out["publisher"] = m.group("abbr")
    m2 = _TITLE_RX.search(text)
    if m2:
        out["title"] = m2.group("t").strip()
    return out or None
