"""Text -> Doc -> figure spans -> facts -> record: the extractor that `pipeline.load` returns.

The rules pipeline runs on the whole text; the statistical NER runs only on sentences that
hold a figure and a capitalised name no gazetteer knows, batched with `nlp.pipe`.
"""

from __future__ import annotations

import regex
from spacy.tokens import Doc

from . import periods as P
from . import regions as R
from . import roles as ROLES
from .nlp import LEX_KEY, lexicon_patterns, load_model, rules_pipeline
from .numbers import NumberMention, find_numbers
from .record import Fact, Record, doc_id_for
from .roles import (
    CLAUSE_BREAK,
    OF_WHOM,
    Fig,
    Lex,
    Per,
    Reg,
    Sentence,
    actor_scope,
    bind_parenthesised,
    bind_periods,
    bind_possessive,
    classify,
    clause_of,
    mark_origins,
    propagate_deltas,
    propagate_lists,
    remaining_shares,
    report_info,
    resolve_base,
    resolve_metric_actor,
    resolve_period,
    resolve_region,
    respectively,
    share_of,
    subject_fine_types,
    values_from_to,
)

_FOUNDED = regex.compile(r"(?:founded|established|formed|set up|launched|created|since)\s+(?:in\s+)?$", regex.I)
_PLACE_WORDS = {
    "district",
    "province",
    "state",
    "city",
    "region",
    "governorate",
    "area",
    "village",
    "town",
    "county",
    "oblast",
    "agency",
    "tehsil",
    "territory",
    "department",
    "commune",
    "prefecture",
    "sub-prefecture",
    "municipality",
}


class Extractor:
    """Reusable: build once (`pipeline.load()`), call per document."""

    def __init__(self, model: str | None = None, *, rules_only: bool = False) -> None:
        self.nlp = rules_pipeline()
        ROLES.COUNTRY_WORDS.update(
            form.lower() for form, places in R.gazetteer().items() if any(p.kind == "country" for p in places))
        ROLES.METRIC_WORDS.update(
            {p["pattern"]: p["id"] for p in lexicon_patterns() if p["label"].startswith("METRIC")}
        )
        self.ner = load_model(model, rules_only=rules_only)
        self.model_name = None if self.ner is None else self.ner.meta.get("name")

    # ------------------------------------------------------------------------------------
    def __call__(
        self,
        text: str,
        *,
        published: str | None = None,
        source: str | None = None,
        doc_id: str | None = None,
        title: str | None = None,
        check: bool = True,
    ) -> Record:
        return self.pipe(
            [(text, {"published": published, "source": source, "doc_id": doc_id, "title": title})], check=check
        )[0]

    def pipe(self, items, *, check: bool = True, batch_size: int = 64) -> list[Record]:
        """Many documents at once: one `nlp.pipe` pass for the rules, one for the NER sentences."""
        items = list(items)
        texts = [t for t, _ in items]
        docs = list(self.nlp.pipe(texts, batch_size=batch_size))
        states = [self._prepare(doc, meta) for doc, (_, meta) in zip(docs, items)]
        self._run_ner(states)
        out = []
        for st, (text, meta) in zip(states, items):
            rec = self._record(st, text, meta)
            if check:
                rec = _check(rec, text)
            out.append(rec)
        return out

    # ------------------------------------------------------------------------------------
    def _prepare(self, doc: Doc, meta: dict) -> dict:
        text = doc.text  # Doc.text rebuilds the string on every access: read it once
        published = meta.get("published")
        nums = find_numbers(text)
        pms = P.find_periods(text)
        # a number inside a period phrase ("Q1 2024", "March 31") is not a figure
        # "Pakistan recorded 2015 fatalities": a year-like number before a counted noun is a count
        counts = [n for n in nums if n.maybe_year and _count_noun_follows(text, n)]
        pms = [p for p in pms if not any(p.start == n.num_start and p.end == n.num_end for n in counts)]
        nums = [n for n in nums if n.percent or n in counts or not any(p.start <= n.num_start < p.end for p in pms)]
        nums = [n for n in nums if not n.maybe_year or n in counts]
        head = _headline_end(text)
        if head:
            # a headline repeats the body's figures in fewer words: they are the body's facts, not new ones
            nums = [n for n in nums if n.start >= head]
        dl = R.dateline_end(text)
        rms = [
            m for m in R.mentions(doc) if m.start >= dl and not _place_is_attribute(text, m) and not _in_name(doc, m)
        ]
        rms = [m for i, m in enumerate(rms) if not _part_of_place_before(text, m, rms[:i])
               and not _reference_point(text, m)]
        country = R.document_country(text, rms)
        # "As of 5 March, AAPP had verified ... since the coup": running totals end on the data's date
        # with no publication date, "the UN said on 29 August 2023" in the opening dates the report
        dated = published or _reporting_date(text, pms, head)
        data_date = _data_date(doc, pms, P.anchor_for(None, dated))
        as_of = "{:04d}-{:02d}-{:02d}".format(*data_date) if data_date else dated
        body = [p for p in pms if p.start >= head]
        doc_period = _document_period(doc, text, body, as_of, skip=head) or _document_period(doc, text, pms, as_of)
        anchor = P.anchor_for(doc_period, as_of)
        resolved = [(p, P.resolve(p, anchor, doc_period, _year_hint(text, pms, i))) for i, p in enumerate(pms)]
        resolved = _relative_to_sentence(text, resolved)
        if doc_period is None:
            doc_period = _event_day(doc, text, resolved, nums, head)
        if doc_period is None:
            # an "as of" date only ends the period: a "since" running total names it better
            # a running total's "since late 2016" names the period better than a data date with no start
            cands = [(p, v) for p, v in resolved if v and P.granularity(v) != "day" and (
                not p.base_cue or p.spec[0] == "since") and not (
                    p.spec[0] == "since" and _SUPERLATIVE.search(text[max(0, p.start - 80):p.start]))]
            cands.sort(key=lambda pv: 0 if pv[0].spec[0] == "since" else 2 if (
                pv[0].rule == "upto_date" and pv[0].text.lower().startswith(_DATA_DATE_LEADS)) else 1)
            doc_period = cands[0][1] if cands else None
            if doc_period and P.granularity(doc_period) == "interval":
                # "(some 25,170 as of June 30)": re-read the "as of" dates against the running total's start
                resolved = [(p, P.resolve(p, anchor, doc_period, _year_hint(text, pms, i)) if p.spec[0] == "upto"
                             else v) for i, (p, v) in enumerate(resolved)]
        resolved = _since_until_as_of(text, resolved)
        return {
            "doc": doc,
            "nums": nums,
            "periods": resolved,
            "regions": rms,
            "country": country,
            "doc_period": doc_period,
            "ner_regs": {},
            "published": published,
        }

    def _run_ner(self, states: list[dict]) -> None:
        """NER on the sentences that need it: a figure plus a capitalised name unknown to the gazetteer."""
        if self.ner is None:
            return
        jobs = []
        for si, st in enumerate(states):
            doc = st["doc"]
            known = {t.i for sp in doc.spans.get(R.SPANS_KEY, []) for t in sp}
            known |= {t.i for sp in doc.spans.get(LEX_KEY, []) for t in sp}
            num_starts = [n.num_start for n in st["nums"]]
            for sent in doc.sents:
                if not any(sent.start_char <= c < sent.end_char for c in num_starts):
                    continue
                if any(
                    t.is_title
                    and not t.is_sent_start
                    and t.i not in known
                    and t.i + 1 < len(doc)
                    and doc[t.i + 1].lower_ in _PLACE_WORDS
                    for t in sent
                ):
                    jobs.append((si, sent.start_char, sent.text))
        if not jobs:
            return
        for (si, offset, _), sdoc in zip(jobs, self.ner.pipe([j[2] for j in jobs], batch_size=32)):
            for ent in sdoc.ents:
                if ent.label_ in ("GPE", "LOC"):
                    states[si]["ner_regs"][(offset + ent.start_char, offset + ent.end_char)] = ent.text

    # ------------------------------------------------------------------------------------
    def _record(self, st: dict, text: str, meta: dict) -> Record:
        doc: Doc = st["doc"]
        country = st["country"]
        doc_period = st["doc_period"]
        words = [t.lower_ for t in doc]
        caps = frozenset(t.i for t in doc if t.is_title)
        lex_all = _longest(
            Lex(sp.label_, sp.id_, sp.start, sp.end, sp.text)
            for sp in doc.spans.get(LEX_KEY, [])
            # a hyphenated modifier ("violence-related fatalities") names nothing itself
            if not (
                sp.label_ in ("METRIC", "ACTOR")
                and sp.end < len(doc)
                and doc[sp.end].text == "-"
                and not doc[sp.end - 1].whitespace_
            )
        )
        regs_all = []
        named = frozenset(p.code for m in st["regions"] for p in m.places if p.kind == "country")
        for m in st["regions"]:
            place = R.choose(m, country, named)
            if place:
                regs_all.append(Reg(place.code, place.country, place.kind, m.tok, m.tok_end, m.text))
        unknown = dict(st["ner_regs"])
        listed = set()
        for sp in _named_places(doc, words):  # "Banadir region", "Lower Shabelle province"
            unknown.setdefault((sp.start_char, sp.end_char), sp.text)
            listed.add((sp.start_char, sp.end_char))
        for (a, b), name in sorted(unknown.items()):
            sp = doc.char_span(a, b, alignment_mode="expand")
            if sp is None or any(r.tok <= sp.start < r.tok_end or sp.start <= r.tok < sp.end for r in regs_all):
                continue
            code = R.fuzzy_subdivision(name, country) if country else None
            if code:
                regs_all.append(Reg(code, country, "subdivision", sp.start, sp.end, name))
                continue
            # a district sits in the sentence's province, else the report's main one; a region in the country
            below = sp.end < len(doc) and doc[sp.end].lower_ in _DISTRICT_WORDS
            siblings = _sibling_parent(regs_all, sp)  # "Ancuabe, Chiure and Macomia districts"
            if siblings:
                parent = siblings
            elif (a, b) in listed and not below and not _after_settlement_word(doc, sp.start) and not _after_in(
                    doc, sp.start):
                parent = country
            else:
                parent = _parent_in_sentence(regs_all, sp, doc) or _dominant_subdivision(regs_all, country) or country
            if parent:
                regs_all.append(Reg(f"{parent}/{R.fold(name)}", parent[:2], "place", sp.start, sp.end, name))
        regs_all.sort(key=lambda r: r.tok)
        # "Pakistan's southern Sindh province": the country only introduces its own region
        regs_all = [
            r
            for i, r in enumerate(regs_all)
            if not (
                r.kind == "country"
                and i + 1 < len(regs_all)
                and regs_all[i + 1].country == r.code
                and regs_all[i + 1].kind != "country"
                and regs_all[i + 1].tok - r.tok_end <= 3
            )
        ]
        regs_all = [r for i, r in enumerate(regs_all) if not _country_after_its_region(r, regs_all[:i], words)]
        pers_all = []
        for pm, val in st["periods"]:
            sp = doc.char_span(pm.start, pm.end, alignment_mode="expand")
            if sp is not None:
                pers_all.append(Per(pm, val, sp.start, sp.end))
        figs_all = []
        for n in st["nums"]:
            sp = doc.char_span(n.start, n.end, alignment_mode="expand")
            if sp is not None:
                figs_all.append(Fig(n, sp.start, sp.end, evidence={"figure": f"numbers:{n.rule}"}))

        facts: list[Fig] = []
        rest_except: list[str] = []
        lex_all = _casualties_meaning_deaths(doc, lex_all, figs_all)
        sents = list(doc.sents)
        sent_of = [0] * len(doc)  # token -> sentence index, computed once (Token.sent walks the doc)
        for k, sp in enumerate(sents):
            sent_of[sp.start : sp.end] = [k] * (sp.end - sp.start)
        lex_all = _complements(doc, lex_all, sent_of)
        lex_all = _excluded_actors(words, lex_all)
        doc_actor = _document_actor(doc, lex_all)
        main_region = _main_region(doc, regs_all, lex_all, country) or _event_place(
            doc, regs_all, country, doc_period)
        prev_region = None
        last_metric: dict[str, str] = {}
        last_actor: dict[str, str] = {}
        prev_subject: Lex | None = None
        last_count_metric: str | None = None
        scope_period: str | None = None
        last_period: str | None = None  # the period the last sentence with figures reported, across paragraphs
        last_group: list[str] | None = None
        paragraph_region: str | None = None
        paragraph_actor: str | None = None
        paragraph_base: tuple[str, str] | None = None  # (period, base) of the paragraph's stated comparison
        prev_day: str | None = None  # the day the sentence before named ("came on 29 October")
        prev_place: str | None = None  # the one place that sentence put its event
        victims_metric: str | None = None  # the whole the sentence before broke down
        whole_metric: str | None = None  # the first count of the last sentence with counts
        for sent in doc.sents:
            if sent.start > 0 and "\n" in doc[sent.start - 1].text + doc[sent.start - 1].whitespace_:
                scope_period = None  # a new paragraph
                if main_region:
                    prev_region = None  # "the region" in a new paragraph of a regional report: the report's region
                paragraph_region = None
                paragraph_actor = None
                paragraph_base = None
            s = Sentence(
                sent.start_char,
                sent.end_char,
                sent.start,
                sent.end,
                words,
                [x for x in lex_all if sent.start <= x.tok < sent.end and not _inside_fig(x, figs_all)],
                [x for x in regs_all if sent.start <= x.tok < sent.end],
                [x for x in pers_all if sent.start <= x.tok < sent.end],
                [x for x in figs_all if sent.start <= x.tok < sent.end],
                caps,
            )
            days_here = [p.value for p in s.pers if p.value and P.granularity(p.value) == "day"]
            places_here = list(dict.fromkeys(r.code for r in s.regs if r.kind != "country" and not r.origin))
            if not s.figs:
                subj = [x for x in s.lex if x.label == "ACTOR" and x.id != "all"]
                prev_subject = subj[0] if subj else None
                prev_day = days_here[-1] if days_here else None
                prev_place = places_here[0] if days_here and len(places_here) == 1 else None
                continue
            for f in s.figs:
                classify(s, f)
            propagate_lists(s)
            bind_parenthesised(s)
            bind_possessive(s)
            bind_periods(s)
            for f in s.figs:
                resolve_metric_actor(s, f, None)
            _whole_after_part(s)
            _shared_head_noun(s)
            _of_whom_were(s)
            _colon_subject(s)
            if last_count_metric:
                for f in s.figs:
                    # "with 3,162 victims": victims of what the sentence before counted
                    if (f.kind == "count" and not f.metric and not f.drop
                            and (f.tok_end < len(words) and words[f.tok_end] in ("victims", "of")
                                 or _VICTIMS_SUBJECT.search(" ".join(words[ROLES.clause_of(s, f.tok)[0]:f.tok])))):
                        f.metric = victims_metric or last_count_metric
                        f.evidence["metric"] = "victims: the measure of the sentence before"
            if _OF_THOSE.match(sent.text) and last_count_metric:
                for f in s.figs:
                    # "Of these, 67 were classed as attackers": of what the sentence before counted, whatever
                    # else the clause goes on to name
                    borrowed = f.evidence.get("metric", "")
                    if f.kind == "count" and not f.drop and (not f.metric or (
                            borrowed.endswith("in the clause") or borrowed.startswith("as '")) and not any(
                            x.label.startswith("METRIC") and x.tok < f.tok for x in s.lex)):
                        f.metric = last_count_metric
                        f.evidence["metric"] = "'of those': the measure of the sentence before"
            if whole_metric and _THAT_IS.match(sent.text):
                first = s.figs[0]
                if first.kind == "change" and not first.drop and first.metric and "before" not in first.evidence.get(
                        "metric", "") and not any(x.label in ("METRIC", "METRIC_VERB") and x.tok < first.tok
                                                  for x in s.lex):
                    # "... 358 civilian casualties, 106 of them deaths. That is a rise of 173 per cent on the first
                    # quarter, with deaths up 65 per cent": the rise is of the whole just counted
                    first.metric = whole_metric
                    first.evidence["metric"] = "'That is': a change of what the sentence before counted first"
            _inherit_metrics(s)
            _bracketed_list_measure(s, last_count_metric)
            _agent_numbers(s)
            _parallel_pairs(s)
            propagate_deltas(s)
            remaining_shares(s)
            for f in s.figs:
                if (f.metric and "no measure named" in f.evidence.get("metric", "") and not last_metric.get(f.kind)
                        and f.kind == "share" and last_count_metric):
                    # "... killed 2,100 people. Borno accounted for 31%": a share of what was just counted
                    f.metric = last_count_metric.split("/")[0]
                    f.evidence["metric"] = f"no measure named: the count before was of {f.metric}"
                    last_metric[f.kind] = f.metric
                elif f.metric and "no measure named" in f.evidence.get("metric", "") and last_metric.get(f.kind):
                    f.metric = last_metric[f.kind]
                    f.evidence["metric"] = f"no measure named: the {f.kind} before was of {f.metric}"
                    label = _list_label(s, f)
                    agent = any(x.label == "AGENT_CUE" and x.tok < f.tok for x in s.lex)
                    if f.kind == "share" and f.actor == "all" and last_actor.get("share", "all") != "all" and (
                            label or agent):
                        # "The Taliban were responsible for 37%", "...: Afghan national security forces 14%"
                        f.actor = last_actor["share"]
                        if label:
                            f.metric = f"{f.metric}/by_{label}"
                        f.evidence["actor"] = "the share before was of the same whole"
                elif f.metric and f.kind in ("share", "change"):
                    last_metric[f.kind] = f.metric.split("/")[0]
                    last_actor[f.kind] = f.actor
            _share_list_group(s)
            subject_fine_types(s)
            _possessive_actor(s, prev_subject)
            _bracketed_shares(s)
            _part_of_them(s)
            actor_scope(s, doc_actor)
            if paragraph_actor and not any(x.label in ("ACTOR", "ACTOR_AFTER") and x.id != "all" for x in s.lex):
                for f in s.figs:
                    # "Baghdad ..., with 1,091 civilian casualties ... Diyala recorded 170 killed": the same victims
                    if (f.kind == "count" and f.actor == "all" and not f.drop and f.metric
                            and f.metric.split("/")[0] in ("fatalities", "injuries", "casualties")
                            and (not f.evidence.get("actor") or "'people'" in f.evidence["actor"])):
                        f.actor = paragraph_actor
                        f.evidence["actor"] = "the victims named earlier in the paragraph"
            mark_origins(s, doc_actor)
            for x in s.lex:
                if x.label != "ACTOR_EXCLUDED":
                    continue
                a, b = clause_of(s, x.tok)
                for f in s.figs:
                    if a <= f.tok < b and f.kind == "count" and "/" not in f.actor and not f.drop:
                        # "civilians killed numbered 71 once police are left out": a narrower group
                        f.actor = f"{f.actor}/excluding-{x.text.lower().replace(' ', '-')}"
                        f.evidence["actor"] = f.evidence.get("actor", f.actor) + f"; {x.text!r} left out"
            respectively(s)
            for i, f in enumerate(s.figs):
                if f.drop or not f.metric:
                    continue
                resolve_region(s, f, country, rest_except, last_group)
                if not f.region:
                    ca, cb = ROLES.clause_of(s, f.tok)
                    if prev_region and (_ANAPHOR.search(sent.text) or (
                            paragraph_region == prev_region and not any(ca <= r.tok < cb for r in s.regs)
                            and not _NATIONAL.search(sent.text))):
                        f.region = prev_region
                        f.evidence["region"] = "the region of the sentence before"
                    else:
                        f.region = main_region or country
                        f.evidence.setdefault(
                            "region", "the report's region" if main_region else "the report's country"
                        )
                resolve_period(s, f, i, doc_period, scope_period)
                if last_period and any(q.mention.spec[0] == "same_as_before" for q in s.pers) and not any(
                        k in f.evidence.get("period", "") for k in ("right after", "compared as")):
                    f.period = last_period
                    f.evidence["period"] = "'the same period': the one the sentence before reported"
                resolve_base(s, f)
                if f.kind == "change" and f.base_period:
                    if f.evidence.get("base_period") == "the period before" and paragraph_base and (
                            paragraph_base[0] == f.period):
                        # "Compared with Q3 2023, incidents fell 4%. Deaths fell 7% from 321": the same comparison
                        f.base_period = paragraph_base[1]
                        f.evidence["base_period"] = "the comparison stated earlier in the paragraph"
                    elif f.evidence.get("base_period") not in (None, "the period before"):
                        paragraph_base = (f.period, f.base_period)
                if f.delta and f.period and not f.base_period:
                    # "nine more than in January": the period compared with, else the one before
                    than = [p for p in s.pers if p.value and p.mention.base_cue and 0 <= p.tok - f.tok_end <= 6]
                    f.base_period = than[0].value if than else P.previous(f.period)
                share_of(f, country)
                if f.kind == "share" and f.region and f.region != country and not f.except_:
                    for code in f.region.split("+"):
                        if code not in rest_except:
                            rest_except.append(code)
            if prev_day and not s.pers and _THE_EVENT.search(sent.text, timeout=P.REGEX_TIMEOUT):
                # "On 29 October two car bombs exploded ... The twin blasts killed 121": the event's day
                for f in s.figs:
                    if f.kind == "count" and not f.drop and (f.period is None or "period" in f.evidence and (
                            "report" in f.evidence["period"] or "paragraph" in f.evidence["period"])):
                        f.period = prev_day
                        f.evidence["period"] = f"the day of the event the sentence before tells: {prev_day}"
                    if f.kind == "count" and not f.drop and prev_place and "the report's" in f.evidence.get(
                            "region", "the report's"):
                        # "... blew up at a junction in the capital. The twin blasts killed 121": there, too
                        f.region = prev_place
                        f.evidence["region"] = "the place of the event the sentence before tells"
            prev_day = days_here[-1] if days_here else None
            prev_place = places_here[0] if days_here and len(places_here) == 1 else None
            _earlier_update_brackets(s)
            _restated_whole(s, doc)
            if _TOTAL_LEAD.match(sent.text):
                _cumulative_period(s, facts)
            _running_total_reading(s, sent.text, doc_period)
            values_from_to(s)
            _multiplier_roles(s, last_period)
            subj = [x for x in s.lex if x.label == "ACTOR" and x.id != "all"]
            prev_subject = subj[0] if subj else None
            governing = [f.period for f in s.figs if f.period and not f.drop and f.metric
                         and not (f.kind == "count" and ROLES._compared_value(s, f))
                         and any(k in f.evidence.get("period", "") for k in ("in the clause", "in the sentence"))]
            if governing:
                last_period = governing[0]
            if governing and P.granularity(governing[0]) != "day":
                # the sentence's lead figure, not what it is compared with; a single day dates an event,
                # it does not set the period the paragraph goes on reporting
                scope_period = governing[0]
            groups = [f.region.split("+") for f in s.figs if f.region and "+" in f.region and not f.drop]
            if groups:
                last_group = groups[-1]
            counted = [f.metric for f in s.figs if f.kind == "count" and f.metric and not f.drop]
            # "358 casualties, 106 of them deaths and 252 injuries. The victims were ...": the whole, not a part
            if counted:
                victims_metric = counted[0] if len(counted) > 1 and _PARTS_FOLLOW.search(sent.text) else None
                whole_metric = counted[0]
                last_count_metric = counted[-1]
            elif any(x.label in ("METRIC", "METRIC_VERB") for x in s.lex):
                last_count_metric = [x.id for x in s.lex if x.label in ("METRIC", "METRIC_VERB")][-1]
            regs_here = [
                f.region
                for f in s.figs
                if f.region and not f.drop and f.metric and "sentence before" not in f.evidence.get("region", "")
            ]
            if regs_here and any(r.tok >= sent.start and r.tok < sent.end for r in regs_all):
                prev_region = regs_here[-1]
                # one subdivision for every figure of the sentence: it stays in scope in the paragraph
                lead = min((f.tok for f in s.figs if not f.drop), default=sent.end)
                topical = any(r.tok < lead and r.code == prev_region for r in s.regs)  # named before the figures
                paragraph_region = prev_region if (len(set(regs_here)) == 1 and prev_region != country and topical
                                                   and "/" not in prev_region and "+" not in prev_region) else None
            victims = {f.actor for f in s.figs if f.kind == "count" and not f.drop and f.metric
                       and f.metric.split("/")[0] in ("fatalities", "injuries", "casualties")}
            if victims:
                one = victims.pop() if len(victims) == 1 else None
                # civilian-casualty reports list places after naming their victims once
                paragraph_actor = one if one and one.split("/")[0] == "civilians" else None
            for f in s.figs:
                if f.drop or not f.metric:
                    continue
                if f.kind == "share" and f.value > 100:
                    continue
                f.evidence["sentence"] = f"{s.start}-{s.end}"
                facts.append(f)

        # "the remaining regions ... 8%" may come before the regions it leaves out
        for f in facts:
            if f.kind == "share" and "the country less" in f.evidence.get("region", ""):
                named = sorted({code for g in facts if g.kind == "share" and g is not f and g.period == f.period
                                and g.metric and f.metric and g.metric.split("/")[0] == f.metric.split("/")[0]
                                and g.region and g.region != f.region and not g.except_
                                for code in g.region.split("+")})
                f.except_ = tuple(named) or None
        # "Fata ... KPK" listed side by side: the province's figures leave the area out
        areas = {r.code for r in regs_all if r.kind == "area"}
        used_areas = {f.region for f in facts if f.region in areas}
        for f in facts:
            subs = tuple(sorted(a for a in used_areas if f.region and a.split("/")[0] == f.region))
            if subs and not f.except_ and f.region and "/" not in f.region:
                f.except_ = subs
        out = []
        for i, f in enumerate(facts, 1):
            n: NumberMention = f.num
            out.append(
                Fact(
                    id=f"f{i}",
                    kind=f.kind,
                    metric=f.metric,
                    value=f.value,
                    span=(n.start, n.end),
                    text=n.text,
                    sentence=(sents[sent_of[f.tok]].start_char, sents[sent_of[f.tok]].end_char),
                    actor=f.actor or "all",
                    region=f.region,
                    period=f.period,
                    approx=n.approx,
                    low=n.low,
                    high=n.high,
                    base_period=f.base_period,
                    delta=f.delta,
                base_value=f.base_value,
                    new_value=f.new_value,
                    of=f.of,
                    except_=f.except_,
                    evidence={k: v for k, v in f.evidence.items() if k != "sentence"},
                )
            )
        return Record(
            doc_id=meta.get("doc_id") or doc_id_for(text),
            facts=tuple(out),
            source=meta.get("source"),
            title=meta.get("title"),
            published=meta.get("published"),
            report=report_info(text),
            period=doc_period,
            country=country,
            notes=() if self.ner is not None else ("rules-only: no statistical NER model was loaded",),
        )


def _check(rec: Record, text: str) -> Record:
    try:
        from .checks import run_checks
    except ImportError:  # checks land separately; extraction stands alone
        return rec
    return rec.replace(checks=run_checks(rec, text))


_NATIONAL = regex.compile(r"\b(?:nationwide|national(?:ly)?|country|countrywide|overall|in all)\b", regex.I)
_ANAPHOR = regex.compile(
    r"\b(?:the|that|this)\s+(?:state|province|region|governorate|district|city|area)\b|\bthere\b", regex.I
)


def _main_region(doc: Doc, regs: list[Reg], lex: list[Lex], country: str | None) -> str | None:
    """A report about one region (J&K, Borno) whose country it never names: that region is the default."""
    sents = list(doc.sents)
    if not sents:
        return None
    if any(r.kind == "country" and r.code == country for r in regs):
        return _topical_region(doc, sents, regs, lex, country)
    first = sents[0]
    if any(x.label == "COUNTRYWIDE" and first.start <= x.tok < first.end for x in lex):
        return None
    codes = {r.code for r in regs if first.start <= r.tok < first.end and r.kind != "country"}
    if len(codes) == 1:
        return codes.pop()
    return _topical_region(doc, sents, regs, lex, country)


def _event_place(doc: Doc, regs: list[Reg], country: str | None, doc_period: str | None) -> str | None:
    """A story of one event ("rebels who attacked a school in Mpondwe ... the death toll from last Friday's
    massacre stood at 42"): the one place below the country that its opening sentence names after 'in' is
    where its figures happened."""
    if not doc_period or P.granularity(doc_period) != "day":
        return None
    first = next(iter(doc.sents), None)
    if first is None:
        return None
    here = [r for r in regs if first.start <= r.tok < first.end and r.kind != "country" and not r.origin]
    codes = {r.code for r in here}
    if len(codes) != 1 or here[0].country != country or not any(
            doc[r.tok - 1].lower_ in ("in", "at", "near") for r in here if r.tok > 0):
        return None
    return codes.pop()


def _topical_region(doc: Doc, sents: list, regs: list[Reg], lex: list[Lex], country: str | None) -> str | None:
    """ "the separatist conflict in Cameroon's North-West and South-West regions", "violent conflict in the
    BARMM": a report whose opening names one region, or one list of regions, as the place it covers and
    the country at most as their owner ("Cameroon's"). A share in the opening ("92% of all fatalities took
    place in KP and Balochistan") makes the regions parts of the country instead, and so does a word for
    the whole country."""
    lead = sents[:3]
    end = lead[-1].end
    if any(x.label == "COUNTRYWIDE" and x.tok < end for x in lex):
        return None
    words = [t.text for t in doc]
    opening = [r for r in regs if r.tok < end and r.country == country]
    for r in opening:
        owner = r.tok_end < len(words) and words[r.tok_end] in ("'s", "’s")
        in_name = r.tok > 0 and words[r.tok - 1][:1].isupper() and not doc[r.tok - 1].is_sent_start
        if r.kind == "country" and not owner and not in_name:
            return None  # the country itself is a subject of the opening ("International Alert Philippines" is not)
    subs = [r for r in opening if r.kind == "subdivision" and r.code[:2] == country]
    if not subs or len({r.code for r in subs}) > 5:
        return None
    for t in doc[:end]:
        # "92% of all fatalities ... in KP and Balochistan": a share makes the named regions parts
        after = doc[t.i + 1 : t.i + 5].text.lower()
        if t.like_num and regex.match(r"(?:%|per\s?cent|percent|pc)\s+of\b", after):
            return None
    return "+".join(dict.fromkeys(r.code for r in subs))


def _excluded_actors(words: list[str], lex: list[Lex]) -> list[Lex]:
    """"71 once police are left out", "excluding police": an actor named to be left out is nobody's."""
    out = []
    for x in lex:
        if x.label == "ACTOR":
            before = " ".join(words[max(0, x.tok - 2) : x.tok])
            after = " ".join(words[x.tok_end : x.tok_end + 3])
            if before.endswith(("excluding", "except", "not counting", "without", "other than")) or after.startswith(
                    ("are left out", "were left out", "are excluded", "were excluded", "left out")):
                x = Lex("ACTOR_EXCLUDED", x.id, x.tok, x.tok_end, x.text)
        out.append(x)
    return out


def _complements(doc: Doc, lex: list[Lex], sent_of: list[int]) -> list[Lex]:
    """"incidents of LWE violence": a measure word after 'of' only qualifies the one before it."""
    ends = {x.tok_end for x in lex if x.label == "METRIC"}
    out = []
    for x in lex:
        if x.label == "METRIC":
            for p in range(max(0, x.tok - 6), x.tok):
                if doc[p].lower_ == "of" and p in ends and not any(
                        t.is_punct and t.text not in "()-" for t in doc[p : x.tok]):
                    x = Lex("METRIC_MOD", x.id, x.tok, x.tok_end, x.text)
                    break
            else:
                # "deaths of civilians ... in Maoist violence": 'violence' only sets the scene
                if x.id == "violence" and any(
                        y.label == "METRIC" and y.id != "violence" and 0 <= x.tok - y.tok_end <= 8
                        and sent_of[y.tok] == sent_of[x.tok]
                        and not any(t.like_num for t in doc[y.tok_end : x.tok]) for y in lex):
                    x = Lex("METRIC_MOD", x.id, x.tok, x.tok_end, x.text)
        out.append(x)
    return out


def _casualties_meaning_deaths(doc: Doc, lex: list[Lex], figs: list[Fig]) -> list[Lex]:
    """"9 resultant casualties and 17 injured": a text that sets casualties against the injured means
    deaths by them (record.md), wherever it uses the same words."""
    starts = {f.tok for f in figs}
    meant: set[str] = set()
    for x in lex:
        if x.label == "METRIC" and x.id == "casualties":
            nxt = [w.lower_ for w in doc[x.tok_end : x.tok_end + 4]]
            if nxt[:1] == ["and"] and x.tok_end + 1 in starts and any(
                    w in ("injured", "wounded", "injuries", "hurt") for w in nxt[2:]):
                meant.add(doc[x.tok - 1].lower_ + " " + x.text.lower() if x.tok else x.text.lower())
    if not meant:
        return lex
    out = []
    for x in lex:
        key = (doc[x.tok - 1].lower_ + " " + x.text.lower()) if x.tok else x.text.lower()
        if x.label == "METRIC" and x.id == "casualties" and key in meant:
            x = Lex(x.label, "fatalities", x.tok, x.tok_end, x.text)
        out.append(x)
    return out


_QUALIFIED = {"acts", "act", "attacks", "attack", "groups", "group", "outfits", "outfit", "organisations",
              "organizations", "violence", "incidents", "activities", "networks", "cells", "commanders", "leaders",
              "operations", "hideouts", "camps"}


def _document_actor(doc: Doc, lex: list[Lex]) -> str | None:
    """A report about civilians only ("civilian casualties" up front, no other category named there)."""
    sents = list(doc.sents)[:1]
    if not sents:
        return None
    end = sents[0].end
    # "Terrorist acts ... killed 79 civilians": an actor word that only qualifies a thing is no victim
    # "... fighting between community-based militias", "attacks by gangs": who did it, not who is counted
    tops = {x.id.split("/")[0] for x in lex if x.label == "ACTOR" and x.tok < end and x.id != "all"
            and not (x.tok_end < len(doc) and doc[x.tok_end].lower_ in _QUALIFIED)
            and not any(doc[k].lower_ in ("by", "between") for k in range(max(0, x.tok - 5), x.tok))}
    return "civilians" if tops == {"civilians"} else None


def _longest(spans) -> list[Lex]:
    """Longest match wins: "made up" (a share cue) hides its "up", "killed and injured" its "killed"."""
    spans = sorted(spans, key=lambda x: (x.tok, -(x.tok_end - x.tok)))
    out: list[Lex] = []
    for x in spans:
        if any(o.tok <= x.tok and x.tok_end <= o.tok_end and (o.tok_end - o.tok) > (x.tok_end - x.tok) for o in out):
            continue
        out.append(x)
    return out


def _inside_fig(x: Lex, figs: list[Fig]) -> bool:
    return any(f.tok <= x.tok < f.tok_end for f in figs)


_BARE_FOLLOWERS = ("were", "was", "had", "in", "during", ",", ".", "killed", "injured", "wounded", "died", "dead")
_TOTAL_LEAD = regex.compile(
    r"\W*(?:in\s+all|in\s+total|all\s+told|altogether|cumulatively|taken\s+together|together|combined)\b", regex.I)


def _cumulative_period(s: Sentence, facts: list[Fig]) -> None:
    """ "In all, 130 civilians have been killed" after a year-by-year account: a figure with no period
    of its own sums the periods just reported, so its period runs from the first of them to the last."""
    recent = [g for g in facts if g.period and g.metric and 0 <= s.start - g.num.start < 1500]
    for f in s.figs:
        if f.drop or f.kind != "count" or not f.metric:
            continue
        if any(k in f.evidence.get("period", "") for k in ("right after", "in the clause", "in the sentence")):
            continue
        same = [g for g in recent if g.metric.split("/")[0] == f.metric.split("/")[0] and g.kind == "count"]
        spans = [b for b in (P.bounds(g.period) for g in same) if b]
        if len({g.period for g in same}) < 2 or not spans:
            continue
        f.period = P.span_str(min(b[0] for b in spans), max(b[1] for b in spans))
        f.evidence["period"] = "a total over the periods just reported: " + ", ".join(
            dict.fromkeys(g.period for g in same))


# "the count stood at 5,599 on 3 September", "it put the number of dead at more than 5,000": a reading
_STOCK = regex.compile(
    r"\b(?:stood|stands|standing|stand)\s+at\b|\b(?:had|has|have)\s+(?:reached|risen\s+to|climbed\s+to|grown\s+to)\b|"
    r"\b(?:had|has|have)\s+already\s+(?:recorded|counted|documented|registered|verified|listed)\b|"
    r"\bput\s+(?:the|its|their)\s+(?:\w+\s+){0,3}?(?:toll|tally|count|number|total|figure)\b", regex.I)


_THAT_IS = regex.compile(r"\s*(?:That|This|It)\s+(?:is|was|represents|represented|marks|marked|means)\b")
_PARTS_FOLLOW = regex.compile(r"\b(?:of\s+them|of\s+whom|including|among\s+them)\b", regex.I)
# a definite mention of one event: "the twin blasts", "the attack", "the ambush"
_THE_EVENT = regex.compile(
    r"\b(?:the|that|this)\s+(?:(?:twin|two|three|double|car|truck|suicide|deadly|latest|same)\s+){0,2}"
    r"(?:attack|blasts?|bombings?|explosions?|ambush|massacre|raid|strike|airstrike|assault|shooting|incident)\b"
    r"|\b(?:on|that)\s+the\s+same\s+day\b",  # "On the same day, ... killed 33 soldiers"
    regex.I)


def _running_total_reading(s: Sentence, text: str, doc_period: str | None) -> None:
    """In a running-total report ("since the coup", "between March 2011 and April 2014") a count read on a
    day or in a month ("its count stood at 5,599 on 3 September") is the total up to then, not that day's."""
    if not doc_period or P.granularity(doc_period) != "interval" or not _STOCK.search(text, timeout=P.REGEX_TIMEOUT):
        return
    db = P.bounds(doc_period)
    for f in s.figs:
        if f.drop or f.kind != "count" or not f.period or P.granularity(f.period) not in ("day", "month"):
            continue
        fb = P.bounds(f.period)
        if not (db and fb and db[0] < fb[0] and fb[1] <= db[1]):
            continue
        f.period = P.span_str(db[0], fb[1])
        f.evidence["period"] = f"a running total read in {f.period.split('/')[1]}: from the report's start"


_OF_THOSE = regex.compile(r"\s*(?:of|among)\s+(?:those|these|them|whom)\b", regex.I)


def _list_label(s: Sentence, f: Fig) -> str | None:
    """The words that name a list item right before its figure ("ISKP for 20%", ": ANSF 14%")."""
    j = f.tok - (1 if f.tok and s.words[f.tok - 1] == "for" else 0)
    k = j
    while k > s.tok and j - k < 5 and (s.words[k - 1][:1].isalnum() or s.words[k - 1] in ("-", "(", ")")):
        k -= 1
    if k == s.tok or s.words[k - 1] not in (",", ":", ";", "and"):
        return None
    words = [w for w in s.words[k:j] if w[:1].isalnum() and w not in ("the", "a", "an", "and", "for")]
    return "_".join(words[-3:]) if words else None


def _multiplier_roles(s: Sentence, last_period: str | None = None) -> None:
    """"killed 428 militants, almost twice as many as in 2022": the multiple is of the count before;
    "That is more than three times the 154 killed in 2022": of the count after, against the period just reported."""
    for f, nxt in zip(s.figs, s.figs[1:]):
        if f.num.multiplier and f.kind == "change" and s.words[f.tok_end : nxt.tok] == ["the"] and nxt.period and (
                not any(g.kind == "count" and g.tok < f.tok for g in s.figs)):
            f.metric = f.metric or nxt.metric
            f.actor, f.region, f.base_period = nxt.actor, nxt.region, nxt.period
            if last_period and last_period != nxt.period:
                f.period = last_period
                f.evidence["period"] = "the period the sentence before reported"
            f.evidence["base_period"] = f"the period of {nxt.num.text!r}, the figure it multiplies"
    for prev, f in zip(s.figs, s.figs[1:]):
        if f.num.multiplier and prev.kind == "count" and prev.metric and not prev.drop:
            f.metric, f.actor, f.region = prev.metric, prev.actor, prev.region
            f.evidence["metric"] = f.evidence["actor"] = f"a multiple of {prev.num.text!r}"
            later = [p for p in s.pers if p.tok >= f.tok_end and p.value and p.value != prev.period
                     and not any(w in CLAUSE_BREAK for w in s.words[f.tok_end : p.tok])]
            f.period = prev.period
            f.base_period = later[0].value if later else (P.previous(prev.period) if prev.period else None)
            f.evidence["base_period"] = f"{later[0].mention.text!r}" if later else "the period before"


def _possessive_actor(s: Sentence, prev_subject: Lex | None) -> None:
    """"Outlaws made up the largest group. The report puts their losses at 516": 'their' is the
    group the sentence before named first."""
    if prev_subject is None:
        return
    owned = [x for x in s.lex if x.label == "METRIC" and x.tok > 0 and s.words[x.tok - 1] == "their"]
    if not owned:
        return
    for f in s.figs:
        if f.kind == "count" and f.actor == "all" and not f.evidence.get("actor") and any(
                x.tok < f.tok and not any(w in CLAUSE_BREAK for w in s.words[x.tok : f.tok]) for x in owned):
            f.actor = prev_subject.id
            f.evidence["actor"] = f"'their': {prev_subject.text!r} of the sentence before"


def _bracketed_shares(s: Sentence) -> None:
    """"219 were civilians (24%)": a bracketed percent is the share of the figure it follows;
    "71% of the fatalities (638)": a bracketed count is the part that the share before it names."""
    for prev, f in zip(s.figs, s.figs[1:]):
        if (f.kind == "share" and prev.kind == "count" and not prev.drop and prev.actor != "all"
                and s.words[prev.tok_end : f.tok] == [",", "or"]):
            f.actor = prev.actor  # "their losses at 516, or 57% of all fatalities"
            f.evidence["actor"] = f"share of {prev.num.text!r} before it"
            continue
        if (f.kind == "count" and prev.kind == "share" and not prev.drop and prev.metric and f.tok >= 1
                and s.words[f.tok - 1] == "(" and f.tok_end < len(s.words) and s.words[f.tok_end] == ")"
                and f.tok - prev.tok_end <= 6 and not any(w in CLAUSE_BREAK for w in s.words[prev.tok_end : f.tok])):
            f.metric = prev.metric
            f.evidence["metric"] = f"the count of the share {prev.num.text!r} before the bracket"
            continue
        if (f.kind == "share" and prev.kind == "count" and not prev.drop and f.tok >= 1
                and s.words[f.tok - 1] == "(" and prev.tok_end <= f.tok - 1
                and all(w in ("(",) or s.lex_at(k, "ACTOR") or w in ("were", "was", "of", "the", "members")
                        for k, w in enumerate(s.words[prev.tok_end:f.tok], prev.tok_end))):
            f.actor = prev.actor
            f.metric = prev.metric or f.metric
            f.evidence["actor"] = f.evidence["metric"] = f"share of {prev.num.text!r} before the bracket"


def _parallel_pairs(s: Sentence) -> None:
    """"Baghdad 30 killed and 33 wounded, Anbar 7 and 9": later pairs repeat the first pair's measures."""
    figs = [f for f in s.figs if f.kind == "count" and not f.drop]
    template = None
    for a, b in zip(figs, figs[1:]):
        gap = s.words[a.tok_end : b.tok]
        own = all("after the figure" in x.evidence.get("metric", "") for x in (a, b))
        if template is None and "and" in gap and own and a.metric != b.metric and len(gap) <= 3:
            template = (a.metric, b.metric)
            continue
        borrowed = ("listed with", "before it")
        if template and gap == ["and"] and all(any(k in x.evidence.get("metric", "") for k in borrowed)
                                               for x in (a, b)):
            a.metric, b.metric = template
            a.evidence["metric"] = b.evidence["metric"] = "in the order of the pair listed before"


def _inherit_metrics(s: Sentence) -> None:
    """List members without a metric of their own take their neighbour's ("24 militants, 55 ...")."""
    for i, f in enumerate(s.figs):
        others = "'others'" in f.evidence.get("actor", "")
        if f.metric and i > 0 and f.kind == "count" and f.actor == "all" and (
                not f.evidence.get("actor") or others):
            g = s.figs[i - 1]
            if (
                g.kind == "count"
                and g.actor != "all"
                and not f.drop
                and f.tok_end < len(s.words)
                and (others or s.words[f.tok_end] in _BARE_FOLLOWERS)
                and not any(s.words[k] in (";", "while", "whereas", ":") for k in range(g.tok_end, f.tok))
                and "included" not in g.evidence  # "including 94 women, and 1,835 wounded": not their group
                and s.words[g.tok_end : g.tok_end + 2] not in OF_WHOM  # "six of them soldiers, and 87 wounded"
            ):
                f.actor = g.actor
                f.evidence["actor"] = f"listed with {g.num.text!r}"
        if f.metric or f.drop or f.kind != "count":
            continue
        if f.tok > s.tok and s.words[f.tok - 1].lower() == "by":
            continue  # "guarded by some 2,500 Rwandan troops": the agent's number, not a count of the measure
        for j in list(range(i - 1, -1, -1)) + list(range(i + 1, len(s.figs))):
            g = s.figs[j]
            if g.kind != "count" or not g.metric or g.drop:
                continue
            lo, hi = sorted((g.tok_end, f.tok)) if j < i else sorted((f.tok_end, g.tok))
            if not any(s.words[k] in (";", "while", "whereas", ":") for k in range(lo, hi)):
                f.metric = g.metric
                f.evidence["metric"] = f"listed with {g.num.text!r}"
                if f.actor == "all" and g.actor != "all" and (
                        "actor" not in f.evidence or "'others'" in f.evidence["actor"]):
                    f.actor = g.actor
                    f.evidence["actor"] = f"listed with {g.num.text!r}"
            break


def _agent_numbers(s: Sentence) -> None:
    """ "guarded by some 2,500 Rwandan troops", "attacked by 200 gunmen": a group's number after 'by'
    is who acted, not a count of the measure the sentence reports."""
    for f in s.figs:
        if f.kind != "count" or f.drop or f.tok <= s.tok or s.words[f.tok - 1].lower() != "by":
            continue
        if any(lx.label.startswith("CHANGE") and lx.tok_end == f.tok - 1 for lx in s.lex):
            continue  # "the toll grew by two children killed": the size of a change
        a, b = ROLES._np_after(s, f)
        own = [lx for lx in s.lex if a <= lx.tok < b]
        if any(lx.label == "ACTOR" for lx in own) and not any(lx.label.startswith("METRIC") for lx in own) and \
                ROLES._verb_after(s, f, b) is None:
            f.drop = True
            f.evidence["drop"] = "the number of those who acted ('by ...'), not of a measure"


def _bracketed_list_measure(s: Sentence, before: str | None) -> None:
    """ "Kaduna (473) and Zamfara (304) ... in reported deaths": bracketed list items take the
    sentence's measure when no figure of the list carries one of its own, else the one the sentence
    before counted ("... 28 attacks. The border counties bore the brunt: Mandera (12), Garissa (9)")."""
    items = [f for f in s.figs if f.kind == "count" and not f.metric and not f.drop and f.tok > s.tok
             and s.words[f.tok - 1] == "(" and f.tok_end < s.tok_end and s.words[f.tok_end] == ")"]
    if not items or any(g.metric for g in s.figs if g.kind == "count" and not g.drop):
        return
    for f in items:
        f.metric = ROLES._metric_in_clause(s, f, prefer="right")
        if f.metric is None and before and len(items) >= 2 and any(r.tok_end == f.tok - 1 for r in s.regs):
            f.metric = before
            f.evidence["metric"] = "a bracketed list of places: the measure of the sentence before"


# "The remaining victims were 147 members of ...": the sentence names who the counted were, not what
_VICTIMS_SUBJECT = regex.compile(r"\b(?:victims|the\s+dead|those\s+killed|the\s+rest|the\s+others)\b", regex.I)
_BE = ("were", "was", "are", "is", "being")


def _of_whom_were(s: Sentence) -> None:
    """ "43 people were hurt, two of whom were security forces personnel": the group named after 'were'."""
    for f in s.figs:
        if f.kind != "count" or f.drop:
            continue
        if s.words[f.tok_end : f.tok_end + 2] in OF_WHOM:
            j = f.tok_end + 2  # "two of whom were police", "41 of them children"
        elif (s.words[f.tok_end : f.tok_end + 2] == ["of", "the"] and f.tok_end + 3 < s.tok_end
              and s.words[f.tok_end + 2].lower() in ("dead", "killed", "victims", "injured", "wounded")
              and s.words[f.tok_end + 3] in _BE):
            j = f.tok_end + 3  # "Nine of the dead were security personnel"
        elif s.words[f.tok_end : f.tok_end + 1] and s.words[f.tok_end] in _BE and (
                f.actor == "all" or "listed with" in f.evidence.get("actor", "")):
            j = f.tok_end  # "Of the dead, ... 26 were suspected insurgents"
        else:
            continue
        if j < s.tok_end and s.words[j] in _BE:
            j += 1
        group = [lx for lx in s.lex if lx.label == "ACTOR" and lx.id != "all" and lx.tok in (j, j + 1)]
        if group and (f.actor == "all" or "/" in f.actor or "listed with" in f.evidence.get("actor", "")):
            # "38 of them civilian police": adjacent group words name one finer group
            run = [group[0]] + [lx for lx in s.lex if lx.label == "ACTOR" and lx.tok == group[0].tok_end]
            f.actor = ROLES._actor_value(run)
            f.evidence["actor"] = f"'{' '.join(s.words[f.tok_end:j])} {' '.join(lx.text for lx in run)}'"


def _part_of_them(s: Sentence) -> None:
    """ "Twenty civilians ... died, 11 of them in Almaty, eight in Almaty region and one in Taraz": a part
    counted 'of them' with no group of its own, and the list it opens, are of the group counted before."""
    for k, f in enumerate(s.figs):
        if f.kind != "count" or f.drop or s.words[f.tok_end : f.tok_end + 2] not in OF_WHOM:
            continue
        whole = next((g for g in reversed(s.figs[:k]) if g.kind == "count" and not g.drop), None)
        if whole is None:
            continue
        if whole.metric and f.metric != whole.metric and not regex.match(
                r"(?:noun|word) '", f.evidence.get("metric", "")):
            # "19 dead, six of them soldiers, and 87 wounded": the part is of the dead, not of the wounded after
            f.metric = whole.metric
            f.evidence["metric"] = f"part of {whole.num.text!r} counted 'of them'"
        if f.actor != "all" or whole.actor == "all" or (whole.metric and f.metric and
                                                        whole.metric.split("/")[0] != f.metric.split("/")[0]):
            continue
        run = [f]
        for g in s.figs[k + 1:]:
            gap = s.words[run[-1].tok_end : g.tok]
            if g.kind != "count" or g.actor != "all" or g.evidence.get("actor") or not any(
                    w in (",", "and") for w in gap) or any(w in CLAUSE_BREAK for w in gap):
                break
            run.append(g)
        for g in run:
            g.actor = whole.actor
            g.evidence["actor"] = f"part of {whole.num.text!r} ({whole.actor}) counted 'of them'"


def _colon_subject(s: Sentence) -> None:
    """ "Civilians paid a heavy price: more than 1,800 were killed": the group the sentence opens
    with is the one the figures after its colon count."""
    if ":" not in s.words[s.tok : s.tok_end]:
        return
    colon = s.words.index(":", s.tok, s.tok_end)
    subject = [lx for lx in s.lex if lx.label == "ACTOR" and lx.id != "all" and s.tok <= lx.tok < colon]
    if not subject or subject[0].tok > s.tok + 1 or any(f.tok < colon for f in s.figs):
        return
    for f in s.figs:
        if f.kind == "count" and not f.drop and f.actor == "all" and "actor" not in f.evidence:
            f.actor = subject[0].id
            f.evidence["actor"] = f"{subject[0].text!r}, the subject the sentence opens with before its colon"


def _restated_whole(s: Sentence, doc: Doc) -> None:
    """ "six people died, all of them civilians": the whole restated as one group is a figure of its own
    (the same value, that group), so a check can hold it against the group's other counts."""
    for i in range(s.tok, s.tok_end - 3):
        if s.words[i].lower() != "all" or s.words[i + 1 : i + 3] not in OF_WHOM:
            continue
        j = i + 3 + (s.words[i + 3] in _BE)
        group = [lx for lx in s.lex if lx.label == "ACTOR" and lx.id != "all" and lx.tok == j]
        before = [g for g in s.figs if g.tok_end <= i and g.kind == "count" and not g.drop and g.metric]
        if not group or not before:
            continue
        g = before[-1]
        gap = s.words[g.tok_end : i]
        if len(gap) > 4 or gap[-1:] != [","] or any(any(h.tok == k for h in s.figs) for k in range(g.tok_end, i)):
            continue
        if g.actor != "all" and g.actor.split("/")[0] == group[0].id.split("/")[0]:
            continue
        a, b = doc[i].idx, doc[group[0].tok_end - 1].idx + len(doc[group[0].tok_end - 1].text)
        num = NumberMention(a, b, a, b, g.value, doc.text[a:b], g.num.approx, rule="restated")
        f = Fig(num, i, group[0].tok_end, kind="count", value=g.value, metric=g.metric, actor=group[0].id,
                region=g.region, except_=g.except_, period=g.period,
                evidence={"figure": f"restates {g.num.text!r} as one group", "actor": f"words {group[0].text!r}",
                          "region": f"as {g.num.text!r}", "period": f"as {g.num.text!r}"})
        s.figs.insert(s.figs.index(g) + 1, f)


def _share_list_group(s: Sentence) -> None:
    """ "Sa'dah accounted for 38 percent of civilian casualties, Taizz for 21 percent": later shares of
    the list are of the same whole, so of the same victims; a group named as the cause ("clan militias
    were responsible for 13 percent") is the agent, not the victims."""
    shares = [f for f in s.figs if f.kind == "share" and not f.drop and f.metric]
    for g, f in zip(shares, shares[1:]):
        if g.actor == "all" or f.actor != "all" or "actor" in f.evidence:
            continue
        if g.metric.split("/")[0] != f.metric.split("/")[0] or "after the percent" in f.evidence.get("metric", ""):
            continue
        # groups named after the first share's own "of ..." phrase, i.e. after the list's next comma or 'and'
        start = next((k for k in range(g.tok_end, f.tok) if s.words[k] in (",", ";", "and", "while")), f.tok)
        between = [lx for lx in s.lex if start <= lx.tok < f.tok]
        agents = any(lx.label == "AGENT_CUE" for lx in between) or "/by_" in f.metric
        if any(lx.label == "ACTOR" for lx in between) and not agents:
            continue
        f.actor = g.actor
        f.evidence["actor"] = f"listed with {g.num.text!r}: a share of the same whole"
        g = f


def _shared_head_noun(s: Sentence) -> None:
    """ "recording 13 and 31 more fatalities": numbers joined before one noun all count that noun."""
    for f, g in zip(s.figs, s.figs[1:]):
        if f.kind != "count" or g.kind != "count" or f.drop or g.drop or not g.metric:
            continue
        if s.words[f.tok_end : g.tok] not in (["and"], ["or"], [","], ["to"]):
            continue
        own = g.evidence.get("metric", "")
        if not (own.startswith("noun") or own.startswith("word")) or "after the figure" not in own:
            continue
        if f.metric and "after the figure" in f.evidence.get("metric", ""):
            continue  # "30 killed and 33 wounded": each has its own
        f.metric = g.metric
        f.evidence["metric"] = f"shares the noun after {g.num.text!r}"
        if f.actor == "all" and g.actor != "all" and "actor" in g.evidence:
            f.actor = g.actor
            f.evidence["actor"] = f"shares the noun after {g.num.text!r}"


def _whole_after_part(s: Sentence) -> None:
    """ "civilians and security personnel made up 281 of the 432 fatalities": the group named for the
    part is not the whole's; the whole keeps only a group written inside its own noun phrase."""
    for g, f in zip(s.figs, s.figs[1:]):
        gap = s.words[g.tok_end : f.tok]
        if gap not in (["of"], ["of", "the"], ["out", "of"], ["out", "of", "the"]) or f.kind != "count":
            continue
        if g.kind != "count" or f.actor == "all" or f.drop:
            continue
        a, b = ROLES._np_after(s, f)
        if not any(lx.label == "ACTOR" and a <= lx.tok < b for lx in s.lex):
            f.actor = "all"
            f.evidence["actor"] = f"the whole that {g.num.text!r} is part of"
        elif g.actor == "all":
            g.actor = f.actor  # "killed 12 of the 40 soldiers": the part is of the whole's group
            g.evidence["actor"] = f"part of {f.num.text!r}"


def _in_brackets(s: Sentence, f) -> bool:
    return f.tok > s.tok and s.words[f.tok - 1] == "(" and f.tok_end < s.tok_end and s.words[f.tok_end] == ")"


def _earlier_update_brackets(s: Sentence) -> None:
    """ "18,817 civilians (some 18,657 one week before), with 7,155 killed (7,110)": once a bracket
    gives the figure of an earlier update, a bare bracketed figure after the next count is of that update too."""
    earlier = None
    for f in s.figs:
        if f.drop or f.kind != "count":
            continue
        if f.tok > s.tok and s.words[f.tok - 1] == "(" and not _in_brackets(s, f):
            if "right after the figure" in f.evidence.get("period", ""):
                earlier = f  # "(some 18,657 one week before)", "(some 25,170 as of June 30)"
            continue
        if earlier is None or not _in_brackets(s, f):
            continue
        before = [g for g in s.figs if g.tok_end < f.tok and g.kind == "count" and not g.drop]
        g = before[-1] if before else None
        if (g is not None and g is not earlier and g.metric == f.metric and g.period != earlier.period
                and all(s.lex_at(k) or s.words[k] == "(" for k in range(g.tok_end, f.tok))):
            f.period = earlier.period
            f.evidence["period"] = f"the earlier update of {earlier.num.text!r}: a bracket after {g.num.text!r}"


def _count_noun_follows(text: str, n: NumberMention) -> bool:
    """A year-like number is a count only when a counted noun follows: '1864 terror-related incidents'."""
    before = text[max(0, n.num_start - 8) : n.num_start].lower()
    if regex.search(r"\b(?:the|in|of|since|during|for|by|from|to)\s+$", before):
        return False  # "the 2023 attacks", "in 2019 militants ...": a year
    after = text[n.num_end : n.num_end + 40].lower()
    return bool(
        regex.match(
            r"\s+(?:\w+-[\w-]+\s+|terror(?:ist)?\s+|violent\s+)?(?:incidents|attacks|deaths|fatalities|people|civilians|killed|"
            r"injured|militants|cases|operations)\b",
            after,
        )
    )


_DISTRICT_WORDS = {"district", "agency", "tehsil", "county", "city", "town", "village", "municipality"}


def _dominant_subdivision(regs: list[Reg], country: str | None) -> str | None:
    """The one subdivision a report keeps naming (Manipur in a Manipur report), if there is one."""
    from collections import Counter

    c = Counter(r.code for r in regs if r.kind == "subdivision" and r.country == country)
    if not c:
        return None
    (code, n), *rest = c.most_common(2)
    return code if (not rest and n >= 1) or (rest and n >= 2 * rest[0][1]) else None


_PLURAL_PLACE_WORDS = {w + "s" for w in _PLACE_WORDS if not w.endswith("y")} | {
    w[:-1] + "ies" for w in _PLACE_WORDS if w.endswith("y")}


def _listed_names(doc: Doc, end: int, known: set[int]):
    """Title-case names joined by ',' and 'and' right before a plural place word; names the gazetteer
    already knows stay in the list but are not yielded again."""
    names, j = [], end
    while j > 0:
        k = j
        while k > 0 and doc[k - 1].is_title and j - k < 4 and not (doc[k - 1].is_sent_start and doc[k - 1].is_stop):
            k -= 1
        if k == j:
            break
        names.append(doc[k:j])
        if k > 1 and doc[k - 1].lower_ in (",", "and"):
            j = k - 1
            if j > 0 and doc[j].lower_ == "and" and doc[j - 1].text == ",":
                j -= 1
        else:
            break
    if len(names) >= 2:
        for sp in reversed(names):
            if not any(t.i in known for t in sp):
                yield sp


def _named_places(doc: Doc, words: list[str] | None = None):
    """Capitalised names right before a place word ("Banadir region"): places the gazetteer may
    spell differently, found without the statistical model."""
    known = {i for sp in doc.spans.get(R.SPANS_KEY, []) for i in range(sp.start, sp.end)}
    words = words or [t.lower_ for t in doc]
    for i, w in enumerate(words):
        if w not in ("for", "in") and w not in _PLACE_WORDS and w not in _PLURAL_PLACE_WORDS:
            continue  # only these cues can follow a place name
        tok = doc[i]
        # "..., and Lower Shabelle for 19%": a listed name before 'for N%' beside named regions
        if tok.lower_ == "for" and tok.i + 1 < len(doc) and doc[tok.i + 1].like_num and tok.i > 0:
            j = tok.i
            while j > 0 and doc[j - 1].is_title and doc[j - 1].i not in known and tok.i - j < 3:
                j -= 1
            if 0 < j < tok.i and doc[j - 1].lower_ in ("and", ","):
                yield doc[j : tok.i]
        if tok.lower_ == "in" and tok.i + 1 < len(doc) and doc[tok.i + 1].is_title:
            yield from _names_after_in(doc, tok.i, known)
            continue
        if (tok.text.islower() and tok.lower_ in ROLES.SETTLEMENT_WORDS and tok.i + 2 < len(doc)
                and doc[tok.i + 1].lower_ == "of" and doc[tok.i + 2].is_title):
            # "the town of Finote Selam", "the villages of Nondin and Soro": the names after 'of'
            j = tok.i + 2
            while j < len(doc) and j - tok.i < 12:
                k = j
                while k < len(doc) and doc[k].is_title and k - j < 3 and k not in known:
                    k += 1
                if k > j:
                    yield doc[j:k]
                if k + 1 < len(doc) and doc[k].lower_ in (",", "and") and doc[k + 1].is_title:
                    j = k + 1
                elif k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ == "and" and doc[k + 2].is_title:
                    j = k + 2
                else:
                    break
        if tok.lower_ in _PLURAL_PLACE_WORDS and tok.i > 0 and tok.text.islower():
            # "Ancuabe, Chiure and Macomia districts": every name of the list is one
            yield from _listed_names(doc, tok.i, known)
            continue
        if tok.lower_ in _PLACE_WORDS and tok.i > 0 and tok.text.islower():  # "Banadir region", not "Islamic State"
            j = tok.i
            while j > 0 and doc[j - 1].is_title and doc[j - 1].i not in known and tok.i - j < 3 and not (
                    doc[j - 1].is_sent_start and doc[j - 1].lower_ in ("the", "in", "a")):
                j -= 1
            if j < tok.i and not (tok.i - j == 1 and doc[j].is_stop):
                yield doc[j : tok.i]


def _names_after_in(doc: Doc, i: int, known: set[int]):
    """ "70 in Tchoma Bangou and 30 in Zaroumdareye", "in Nondin and Soro in the Nord region": names no
    gazetteer has, read as places when a count stands right before 'in' or a known region follows them."""
    runs, j = [], i + 1
    while j < len(doc) and len(runs) < 4:
        k = j
        while (k < len(doc) and doc[k].is_title and doc[k].text.isalpha() and k - j < 3 and k not in known
               and doc[k].lower_ not in P.FULL_MONTHS):
            k += 1
        if k == j:
            break
        runs.append(doc[j:k])
        if k + 1 < len(doc) and doc[k].lower_ in (",", "and") and doc[k + 1].is_title:
            j = k + 1
        else:
            j = k
            break
    if not runs:
        return
    after = [t.lower_ for t in doc[j : j + 3]]
    region_follows = after[:1] == ["in"] and any(x in known for x in range(j + 1, min(len(doc), j + 4)))
    # "in Merawi, south of Bahir Dar": a name placed by its bearing from a known one
    region_follows = region_follows or (
        after[:1] == [","] and j + 2 < len(doc) and doc[j + 2].lower_ == "of"
        and regex.fullmatch(r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?", doc[j + 1].lower_) is not None
        and any(x in known for x in range(j + 3, min(len(doc), j + 6))))
    count_before = i > 0 and doc[i - 1].like_num
    if count_before or region_follows:
        yield from runs


def _in_name(doc: Doc, m: R.RegionMention) -> bool:
    """'India Spend', 'Nigeria Security Tracker': a country opening an organisation's name."""
    if not any(p.kind == "country" for p in m.places) or m.tok_end >= len(doc):
        return False
    nxt = doc[m.tok_end]
    return (
        nxt.is_title
        and not nxt.is_sent_start
        and nxt.lower_ not in ("province", "state")
        and not any(sp.start == m.tok_end for sp in doc.spans.get(R.SPANS_KEY, []))
    )


def _country_after_its_region(r: Reg, before: list[Reg], words: list[str]) -> bool:
    """ "in Ituri province, in the north-east of the Democratic Republic of Congo": a country placed
    after one of its own regions only locates it."""
    if r.kind != "country" or not before:
        return False
    q = before[-1]
    gap = words[q.tok_end : r.tok]
    return (q.country == r.code and q.kind in ("subdivision", "district", "city", "zone", "area") and len(gap) <= 10
            and ("of" in gap or "in" in gap)
            and not any(w in (".", ";", ":", "—", "–", "and", "while", "but", "elsewhere", "rest", "other",
                              "across", "outside") for w in gap))


_BEARING = regex.compile(
    r"(?P<name>\b(?-i:[A-Z][\w'’-]+)(?:\s+[\w'’-]+){0,4})?,?\s+(?:(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)?\s+of|near|outside|close\s+to)\s+(?:the\s+)?$", regex.I)


def _reference_point(text: str, m: R.RegionMention) -> bool:
    """ "in Merawi, south of Bahir Dar", "the Tajoura detention centre, east of the capital": a place that
    only locates the one named just before it."""
    bm = _BEARING.search(text[max(0, m.start - 80) : m.start], timeout=P.REGEX_TIMEOUT)
    return bool(bm and bm.group("name") and bm.group("name")[:1].isupper() and "." not in bm.group(0))


def _part_of_place_before(text: str, m: R.RegionMention, before: list[R.RegionMention]) -> bool:
    """'across the West Bank, including East Jerusalem': a part of the place just named, not another place."""
    lead = regex.search(r",?\s*\b(?:including|notably|especially|particularly|(?:which|that)\s+(?:includes?|contains?|"
                        r"encompass(?:es)?|covers?))\s+(?:the\s+)?$",
                        text[max(0, m.start - 30) : m.start])
    if not lead or not before:
        return False
    gap = text[before[-1].end : m.start]
    return len(gap) < 60 and not regex.search(r"[.;!?]", gap)


def _place_is_attribute(text: str, m: R.RegionMention) -> bool:
    """'Islamabad-based think tank', 'Islamabad's Centre for ...': the place describes a publisher;
    'which both border Afghanistan': it describes a region."""
    before = text[max(0, m.start - 25) : m.start]
    if regex.search(r"\b(?:into|to)\s+$", before):
        return True  # "escaped into Chad": where people went, not where the figure happened
    if regex.search(r"\bborder(?:s|ed|ing)?\s+(?:with\s+)?(?:the\s+)?$", before):
        return True
    after = text[m.end : m.end + 40]
    if regex.search(r"\bbased\s+in\s+$", text[max(0, m.start - 12) : m.start]):
        return True
    return bool(
        regex.match(
            r"-based\b|\s*['’]s\s+(?:Centre|Center|Institute|think\s+tank)|\s+based\b|"
            r"\s+(?:think[\s-]tank|institute|centre|center|newspaper|daily)\b",
            after,
            regex.I,
        )
    )


def _sibling_parent(regs: list[Reg], sp) -> str | None:
    """The subdivision that the known places listed right beside a name lie in, when they agree."""
    near = [r for r in regs if "/" in r.code and 0 < abs(r.tok - sp.start) <= 6]
    parents = {r.code.split("/")[0] for r in near}
    return parents.pop() if len(parents) == 1 else None


def _after_in(doc: Doc, i: int) -> bool:
    """ "in Nondin and Soro": a name in a list that 'in' opens (its region is the sentence's)."""
    j = i - 1
    while j >= 0 and i - j <= 8 and (doc[j].is_title or doc[j].lower_ in (",", "and")):
        j -= 1
    return j >= 0 and doc[j].lower_ == "in"


def _after_settlement_word(doc: Doc, i: int) -> bool:
    """ "the town of Finote Selam": a name after a settlement word and 'of'."""
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in ROLES.SETTLEMENT_WORDS


def _parent_in_sentence(regs: list[Reg], sp, doc: Doc) -> str | None:
    sent = sp.sent
    for r in regs:
        if sent.start <= r.tok < sent.end and r.kind in ("subdivision",):
            return r.code
    return None


_HEADLINE = regex.compile(r"\A[ \t]*(?P<line>[^\n]{3,200}?)[ \t]*\n[ \t]*\n")


def _headline_end(text: str) -> int:
    """Where a headline ends: a first line of at most 25 words, with no closing full stop, then a blank line."""
    m = _HEADLINE.match(text)
    if not m or m.group("line").rstrip()[-1:] in ".!?\"”'’" or len(m.group("line").split()) > 25:
        return 0
    return m.end()


_SUPERLATIVE = regex.compile(
    r"\b(?:highest|lowest|worst|deadliest|bloodiest|deadlier|bloodier|worse|(?<!\bat\s)(?:most|least)|fewest|biggest|largest|greatest|best|first|record|"
    r"level|levels|peak)\b[^.;]{0,50}$", regex.I)


def _document_period(doc: Doc, text: str, pms: list[P.PeriodMention], published: str | None,
                     skip: int = 0) -> str | None:
    """The period the report is about: the first period phrase of its opening sentences (after any headline)."""
    sents = [sp for sp in doc.sents if sp.start_char >= skip][:3]
    if not sents:
        return None
    limit = sents[-1].end_char
    anchor0 = P.anchor_for(None, published)
    if anchor0.date is None:
        # no date to anchor "last August": the latest year the text writes out stands in for it
        years = [p.spec[1] for p in pms if p.spec[0] in ("year", "month", "quarter", "half")]
        years += [p.spec[1][0] for p in pms if p.spec[0] in ("since",)]
        if years:
            anchor0 = P.Anchor(year=max(years))
    first_abs = None
    for p in pms:
        if p.start >= limit:
            break
        if p.spec[0] in ("since", "since_noyear", "since_day_noyear", "since_year_start"):
            # "killed since the February 2021 coup": a running total names the report's period; "the highest
            # level since 2017" only compares
            if _SUPERLATIVE.search(text[max(0, p.start - 80) : p.start]):
                continue
            v = P.resolve(p, anchor0, None)
            if v:
                return v
            continue
        if p.base_cue and p.base_cue not in ("over", "on"):
            continue
        if _FOUNDED.search(text[max(0, p.start - 30) : p.start]):
            continue
        if (p.rule == "year_range" and p.text.lower().startswith("from")) or p.text.lower() == "the year":
            continue
        if p.spec[0] == "upto":
            continue  # "as of 31 May 2024" dates the data, it does not name the period reported on
        if p.rule in P.SPANNING_RULES:
            continue
        if p.relative and p.spec[0] == "rel_year" and anchor0.date is not None:
            v = P.resolve(p, anchor0, None)  # "209 acts of violence this year" in a paper of 29 December 2023
        elif p.relative:
            # resolve against the absolute year named nearby, else the publication date
            if first_abs is None:
                first_abs = _first_absolute_year(pms, limit)
            anchor = P.Anchor(year=first_abs, date=anchor0.date) if first_abs else anchor0
            v = P.resolve(p, anchor, None)
        else:
            v = P.resolve(p, anchor0, None)
        if v and P.granularity(v) != "day":
            return v
    return None


_REPORTING = regex.compile(
    r"\b(?:said|says|reported|announced|published|released|issued|stated|warned|told\s+\w+(?:\s+\w+)?)\s+(?:on\s+)?$",
    regex.I)


def _reporting_date(text: str, pms: list[P.PeriodMention], skip: int) -> str | None:
    """The day a report was released, when its opening says so with a year ('said on 29 August 2023')."""
    limit = skip + 600
    for p in pms:
        if p.start < skip or p.start > limit:
            continue
        if p.spec[0] != "day" or not p.spec[1][0]:
            continue
        if _REPORTING.search(text[max(0, p.start - 40) : p.start], timeout=P.REGEX_TIMEOUT):
            y, mo, d = p.spec[1]
            return f"{y:04d}-{mo:02d}-{d:02d}"
    if not any(p.spec[0] in ("year", "month", "quarter", "half", "since", "months", "years") for p in pms):
        # a story of one event ("gunmen killed 137 people on Sunday 21 March 2021") and no other period:
        # its day anchors "15 March" and "2 January" told later
        days = [p.spec[1] for p in pms if skip <= p.start <= limit and p.spec[0] == "day" and p.spec[1][0]]
        if days:
            y, mo, d = max(days)
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


# "As of 5 March, ...", "figures, which run to 31 October", "its latest update, dated 22 November"
_DATA_DATE_LEADS = ("as of", "as on", "run to", "runs to", "running to", "updated to", "dated")


def _since_until_as_of(text: str, resolved: list) -> list:
    """ "In its previous update, as of 18 January, OCHA had recorded 357 killed since 7 October": a
    running total dated in its own sentence ends on that date, not on the report's."""
    out = list(resolved)
    for i, (p, v) in enumerate(resolved):
        if not v or p.spec[0] not in ("since", "since_noyear", "since_day_noyear") or "/" not in v:
            continue
        for q, w in resolved:
            if not w or q.rule not in ("upto_date", "upto_weekday") or not q.text.lower().startswith(
                    ("as of", "as on")):
                continue
            a, b = sorted((p.end, q.end))
            if b - a > 200 or regex.search(r"[.!?]\s", text[min(p.start, q.start) : max(p.end, q.end)]):
                continue
            bp, bq = P.bounds(v), P.bounds(w)
            if bp and bq and bp[0] < bq[1] < bp[1]:
                out[i] = (p, P.span_str(bp[0], bq[1]))
            break
    return out


_EARLIER_UPDATE = regex.compile(r"\b(?:previous|earlier|prior|last|preceding)\s+(?:update|report|count|tally|briefing)",
                                regex.I)


def _event_day(doc: Doc, text: str, resolved: list, nums: list, skip: int) -> str | None:
    """A story of one event ("gunmen killed 137 people ... on Sunday 21 March 2021") whose opening names
    no longer period: the day is what the report is about."""
    opening = [sp for sp in doc.sents if sp.start_char >= skip][:4]
    first = opening[0] if opening else None
    if first is None or not any(first.start_char <= n.start < first.end_char for n in nums):
        return None
    days = [v for p, v in resolved if v and first.start_char <= p.start < first.end_char and not p.base_cue]
    if len(days) == 1 and P.granularity(days[0]) == "day":
        return days[0]
    if not days:
        # "Sri Lanka on Thursday lowered the death toll from the bombings to 253 ... after eight blasts tore
        # through churches on the morning of 21 April": an opening that dates nothing but days is about the first
        near = [v for p, v in resolved if v and first.start_char <= p.start < opening[-1].end_char and not p.base_cue]
        if near and all(P.granularity(v) == "day" for v in near):
            return min(near)
    return None


def _data_date(doc: Doc, pms: list[P.PeriodMention], anchor: P.Anchor) -> tuple[int, int, int] | None:
    """The day the report's figures run to, when its opening says so ("As of 5 March, ..."),
    never after the publication date."""
    sents = list(doc.sents)[:3]
    if not sents:
        return None
    for p in pms:
        if p.start >= sents[-1].end_char:
            break
        if p.rule not in ("upto_date", "upto_weekday") or not p.text.lower().startswith(_DATA_DATE_LEADS):
            continue
        sent = next(sp for sp in sents if sp.start_char <= p.start < sp.end_char)
        if _EARLIER_UPDATE.search(sent.text):
            continue  # "In its previous update, as of 18 January, ...": an older count, not this report's date
        v = P.resolve(p, anchor, None)
        b = P.bounds(v) if v else None
        if b and (anchor.date is None or b[1] <= anchor.date):
            return b[1]
    return None


def _relative_to_sentence(text: str, resolved: list) -> list:
    """"Between January and March 2023 ... up from 197 in the previous quarter": 'previous' counts
    back from the period the sentence just named, not from the report's date."""
    out = list(resolved)
    for i, (p, _v) in enumerate(resolved):
        if p.spec[0] == "rel_same_period_year":
            # "Between January and September 2021 ..., compared to 1,400 in the same period last year";
            # "3,568 murders to 2 July, 7% more than the 2,042 of the same period of 2022"
            for q, w in reversed(resolved[:i]):
                if regex.search(r"[.!?]\s", text[q.end : p.start]):
                    break
                if w and q.spec[0] not in ("rel_same_period_year", "since"):
                    b = P.bounds(w)
                    n = -1 if p.spec[1] is None else (p.spec[1] - b[0][0] if b else None)
                    if n:
                        out[i] = (p, P.shift_year(w, n))
                    break
            continue
        if p.spec[0] not in ("rel_quarter", "rel_month", "rel_day") or p.spec[1] != -1:
            continue
        want = {"rel_quarter": "quarter", "rel_month": "month", "rel_day": "day"}[p.spec[0]]
        for q, w in reversed(resolved[:i]):
            if regex.search(r"[.!?]\s", text[q.end : p.start]):
                break
            if w and P.granularity(w) == want:
                out[i] = (p, P.previous(w))
                break
    return out


def _year_hint(text: str, pms: list[P.PeriodMention], i: int) -> int | None:
    """The year written in the nearest period before mention i, within its sentence."""
    p = pms[i]
    if p.spec[0] not in ("month_noyear", "dates", "upto", "months", "upto_month", "span_after"):
        return None
    for q in reversed(pms[:i]):
        if regex.search(r"[.!?]\s", text[q.end:p.start]) or p.start - q.end > 200:
            return None
        if q.base_cue and q.base_cue != "since":
            continue  # "up from 40 in 2022, with 65 in May": the year compared with is not this one's
        if q.spec[0] in ("month", "year", "quarter", "half", "months"):
            if q.spec[1]:
                return q.spec[1]
        elif q.spec[0] == "day" or q.spec[0] == "dates" and q.spec[2][0]:
            # "59 deaths between 19 and 22 April 2018, 65 in May"
            return q.spec[2][0] if q.spec[0] == "dates" else q.spec[1][0]  # an interval's latest year
    return None


def _first_absolute_year(pms: list[P.PeriodMention], limit: int) -> int | None:
    for p in pms:
        if p.start < limit and not p.relative and p.spec[0] in ("quarter", "half", "month", "year"):
            if p.base_cue and p.base_cue != "since":
                continue  # "a rise of 30 per cent on 2021" names the year compared with, not this one
            return p.spec[1]
    return None


def clause_text(s: Sentence, f: Fig) -> tuple[int, int]:  # pragma: no cover - debugging aid
    return clause_of(s, f.tok)
