"""The sentences the chair reads and the minutes print about a poll's rule and result.

Vietnamese (default) or English; percentages are computed with integers (rounded half up
to one decimal) and written with the language's decimal mark.
"""

from __future__ import annotations

from meetingroom.domain.minutes_draft import PollOutcome
from meetingroom.domain.voting import MajorityBase, OptionKind, PollKind, PollSpec
from meetingroom.domain.voting_rules import MajorityRule, QuorumRule, Threshold
from meetingroom.domain.voting_tally import Outcome, PollResult

_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "more_than": "quá {f}", "at_least": "ít nhất {f}", "any_vote": "ít nhất 1 phiếu",
        MajorityBase.VOTES_CAST: "số phiếu biểu quyết",
        MajorityBase.PRESENT: "số đại biểu có mặt",
        MajorityBase.MEMBERS: "tổng số thành viên",
        "abst_in": " (tính cả phiếu không biểu quyết và phiếu trắng)",
        "abst_out": " (không tính phiếu không biểu quyết và phiếu trắng)",
        "quorum_min": "có mặt ít nhất {n} thành viên",
        "quorum_frac": "số có mặt đạt {t} tổng số thành viên",
        "quorum": "túc số: {q}", "and": " và ",
        "need_motion": "Cần ít nhất {n} phiếu tán thành", "need_election":
        "Mỗi người trúng cử cần ít nhất {n} phiếu", "need_choice":
        "Phương án được chọn cần ít nhất {n} phiếu", "that_is": ", tức là {rule}",
        "plain_cast": "số phiếu tán thành và không tán thành",
        "plain_cast_all": "tổng số phiếu đã bỏ, kể cả phiếu trắng và không biểu quyết",
        "adopted": "Thông qua", "rejected": "Không thông qua",
        "yes_votes": "{v}/{b} phiếu tán thành",
        "no_quorum": "Không đủ túc số: có mặt {p}/{m}, cần {n}",
        "elected": "Trúng cử", "tie": "Hòa phiếu", "no_winner": "Không có người trúng cử",
        "chosen": "Chọn", "no_choice": "Không có phương án đạt",
        "votes": "{v} phiếu", "tie_for": "{names} cùng {v} phiếu",
    },
    "en": {
        "more_than": "more than {f}", "at_least": "at least {f}", "any_vote": "at least 1 vote",
        MajorityBase.VOTES_CAST: "of the votes cast",
        MajorityBase.PRESENT: "of the members present",
        MajorityBase.MEMBERS: "of all members",
        "abst_in": " (abstentions and blank ballots counted)",
        "abst_out": " (not counting abstentions and blank ballots)",
        "quorum_min": "at least {n} members present",
        "quorum_frac": "{t} of all members present",
        "quorum": "quorum: {q}", "and": " and ",
        "need_motion": "It needed at least {n} in favour", "need_election":
        "Each person elected needed at least {n}", "need_choice":
        "The chosen option needed at least {n}", "that_is": ", that is {rule}",
        "plain_cast": "the votes for and against",
        "plain_cast_all": "all ballots cast, abstentions and blank ballots included",
        "adopted": "Adopted", "rejected": "Rejected",
        "yes_votes": "{v}/{b} votes in favour",
        "no_quorum": "No quorum: {p}/{m} present, {n} needed",
        "elected": "Elected", "tie": "Tie", "no_winner": "Nobody elected",
        "chosen": "Chosen", "no_choice": "No option reached the majority",
        "votes": "{v} votes", "tie_for": "{names} with {v} votes each",
    },
}


def _t(lang: str) -> dict[str, str]:
    try:
        return _LABELS[lang]
    except KeyError:
        raise ValueError(f"no voting labels for language {lang!r}") from None


def describe_threshold(threshold: Threshold, lang: str = "vi") -> str:
    """E.g. "quá 1/2", "ít nhất 2/3", "at least 3/4"."""
    t = _t(lang)
    if threshold.numerator == 0:
        return t["any_vote"]
    f = f"{threshold.numerator}/{threshold.denominator}"
    return t["more_than" if threshold.strict else "at_least"].format(f=f)


def describe_majority(rule: MajorityRule, lang: str = "vi") -> str:
    """E.g. "ít nhất 2/3 số đại biểu có mặt"."""
    t = _t(lang)
    if rule.threshold.numerator == 0:
        return t["any_vote"]
    text = f"{describe_threshold(rule.threshold, lang)} {t[rule.base]}"
    if rule.base is MajorityBase.VOTES_CAST:
        text += t["abst_in" if rule.abstentions_count else "abst_out"]
    return text


def describe_quorum(quorum: QuorumRule, lang: str = "vi") -> str:
    """E.g. "có mặt ít nhất 30 thành viên"; empty when the poll has no quorum."""
    t = _t(lang)
    parts = []
    if quorum.min_present is not None:
        parts.append(t["quorum_min"].format(n=quorum.min_present))
    if quorum.fraction_of_members is not None:
        parts.append(t["quorum_frac"].format(
            t=describe_threshold(quorum.fraction_of_members, lang)))
    return t["and"].join(parts)


def describe_rule(rule: MajorityRule, quorum: QuorumRule, lang: str = "vi") -> str:
    """The rule as one phrase, e.g. "quá 1/2 tổng số thành viên; túc số: …"."""
    text = describe_majority(rule, lang)
    q = describe_quorum(quorum, lang)
    return f"{text}; {_t(lang)['quorum'].format(q=q)}" if q else text


def percent(votes: int, base: int, lang: str = "vi") -> str:
    """``votes/base`` as "68,9 %" (vi) or "68.9 %" (en), half up, integers only."""
    tenths = (votes * 2000 + base) // (2 * base)
    mark = "," if lang == "vi" else "."
    return f"{tenths // 10}{mark}{tenths % 10} %"


def _plain_majority(rule: MajorityRule, lang: str) -> str:
    """The majority in everyday words, e.g. "quá 1/2 số phiếu tán thành và không tán
    thành" (no "votes cast (not counting abstentions…)" bracket)."""
    t = _t(lang)
    if rule.base is not MajorityBase.VOTES_CAST:
        return describe_majority(rule, lang)
    base = t["plain_cast_all" if rule.abstentions_count else "plain_cast"]
    of = "" if lang == "vi" else "of "
    return f"{describe_threshold(rule.threshold, lang)} {of}{base}"


def _need(spec: PollSpec, result: PollResult, lang: str) -> str:
    """What it took, as a sentence: "Cần ít nhất 30 phiếu tán thành, tức là ít nhất 2/3
    số đại biểu có mặt." — the number of votes first, then the rule it comes from."""
    t = _t(lang)
    key = {PollKind.MOTION: "need_motion",
           PollKind.ELECTION: "need_election"}.get(spec.kind, "need_choice")
    n = result.required
    count = str(n) if lang == "vi" else f"{n} vote" + ("" if n == 1 else "s")
    text = t[key].format(n=count)
    if spec.rule.threshold.numerator:
        text += t["that_is"].format(rule=_plain_majority(spec.rule, lang))
    return text + "."


def describe_result(spec: PollSpec, result: PollResult, lang: str = "vi") -> str:
    """The sentences announcing ``result`` in plain words, e.g. "Thông qua: 31/45 phiếu
    tán thành (68,9 %). Cần ít nhất 30 phiếu tán thành, tức là ít nhất 2/3 số đại biểu
    có mặt."."""
    t = _t(lang)
    if result.outcome is Outcome.NO_QUORUM:
        return t["no_quorum"].format(p=result.present, m=result.members,
                                     n=describe_quorum(spec.quorum, lang))
    need = _need(spec, result, lang)
    labels = {o.id: o.label for o in spec.options}

    def votes(option_id: str) -> str:
        return f"{labels[option_id]} ({_share(result.count(option_id), result, lang)})"

    if spec.kind is PollKind.MOTION:
        yes = spec.id_of(OptionKind.YES)
        assert yes is not None  # a validated motion has a yes option
        v = result.count(yes)
        head = t["adopted" if result.outcome is Outcome.ADOPTED else "rejected"]
        share = t["yes_votes"].format(v=v, b=result.base_count)
        if result.base_count:
            share += f" ({percent(v, result.base_count, lang)})"
        return f"{head}: {share}. {need}"
    election = spec.kind is PollKind.ELECTION
    if result.outcome is Outcome.REJECTED:
        return f"{t['no_winner' if election else 'no_choice']}. {need}"
    parts = [", ".join(votes(i) for i in result.elected)] if result.elected else []
    head = t["elected" if election else "chosen"]
    if result.outcome is Outcome.TIE:
        tie = t["tie_for"].format(names=", ".join(labels[i] for i in result.tied),
                                  v=result.count(result.tied[0]))
        text = f"{head}: {parts[0]}; " if parts else ""
        return f"{text}{t['tie']}: {tie}. {need}"
    return f"{head}: {parts[0]}. {need}"


def _share(v: int, result: PollResult, lang: str) -> str:
    text = _t(lang)["votes"].format(v=v)
    if result.base_count:
        text += f", {percent(v, result.base_count, lang)}"
    return text


def to_poll_outcome(spec: PollSpec, result: PollResult, item_title: str,
                    lang: str = "vi") -> PollOutcome:
    """The poll as the minutes draft prints it."""
    labels = {o.id: o.label for o in spec.options}
    return PollOutcome(
        title=spec.title, item_title=item_title,
        rule=describe_rule(spec.rule, spec.quorum, lang),
        counts=tuple((labels[i], n) for i, n in result.counts),
        outcome=describe_result(spec, result, lang))
