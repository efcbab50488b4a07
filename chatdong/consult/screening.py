"""The desk's suicide-risk screening (자살위험 선별): the ten questions, their weights and the level thresholds.

A triage checklist for the consultation desk, not a diagnosis: it decides whether the resident is linked to
the 자살예방센터 at once. Everything that sets a level is in this module (documented in docs/consult.md), so
a district that adopts another instrument changes it here only.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .models import SuicideRisk


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    weight: int
    # A yes here means acute risk (a plan, or the means at hand): the level is high whatever the score.
    critical: bool = False


# Asked in the resident's words, gently and in this order; a question the resident does not want to answer
# is left unticked (counted as no) and the officer notes it in the summary.
QUESTIONS: tuple[Question, ...] = (
    Question("thoughts", "최근 2주 동안 죽고 싶다거나 사라지고 싶다는 생각을 하신 적이 있나요?", 3),
    Question("plan", "그런 생각이 들 때 방법이나 시기를 구체적으로 생각해 보신 적이 있나요?", 3, critical=True),
    Question("means", "그 방법을 위해 무언가를 준비하셨거나 가까이 두고 계신가요?", 3, critical=True),
    Question("past_attempt", "예전에 스스로 목숨을 끊으려고 시도하신 적이 있나요?", 2),
    Question("hopeless", "최근 2주 동안 앞으로 나아질 것이 없다는 절망감을 자주 느끼셨나요?", 1),
    Question("low_mood", "최근 2주 동안 거의 매일 기분이 가라앉거나 우울하셨나요?", 1),
    Question("isolated", "혼자 지내시거나, 힘들 때 연락해 도움을 청할 사람이 없으신가요?", 1),
    Question("recent_loss", "최근 가까운 분과의 사별·이별이나 실직·사업 실패 같은 큰 상실을 겪으셨나요?", 1),
    Question("illness", "오래된 질병이나 통증, 장애 때문에 일상생활이 많이 힘드신가요?", 1),
    Question("alcohol", "최근 술을 드시는 양이나 횟수가 늘었나요?", 1),
)
BY_CODE = {q.code: q for q in QUESTIONS}
MAX_SCORE = sum(q.weight for q in QUESTIONS)

# Lowest score of each level, highest level first. Without the thought of dying (weight 3) the risk factors
# alone reach at most 6, i.e. medium; high needs the thought together with a past attempt and other factors,
# or a critical answer.
THRESHOLDS: tuple[tuple[int, str], ...] = (
    (7, SuicideRisk.HIGH),
    (3, SuicideRisk.MEDIUM),
    (1, SuicideRisk.LOW),
    (0, SuicideRisk.NONE),
)


@dataclass(frozen=True)
class Result:
    score: int
    level: str
    answers: tuple[str, ...]  # the codes answered yes, in question order


def level_for(score: int, *, critical: bool = False) -> str:
    if critical:
        return SuicideRisk.HIGH
    return next(level for lowest, level in THRESHOLDS if score >= lowest)


def assess(answers: Iterable[str]) -> Result:
    """The result of a checklist: `answers` are the codes of the questions answered yes."""
    given = set(answers)
    unknown = given - BY_CODE.keys()
    if unknown:
        raise ValidationError("자살위험 선별 문항이 올바르지 않습니다.")
    yes = tuple(q.code for q in QUESTIONS if q.code in given)
    score = sum(BY_CODE[code].weight for code in yes)
    return Result(score=score, level=level_for(score, critical=any(BY_CODE[c].critical for c in yes)), answers=yes)


def from_score(score: int) -> Result:
    """A result carried over as a score only (a paper form, another system): the level from the thresholds."""
    if not 0 <= score <= MAX_SCORE:
        raise ValidationError(f"자살위험 선별 점수는 0~{MAX_SCORE}점이어야 합니다.")
    return Result(score=score, level=level_for(score), answers=())


def question_texts(codes: Iterable[str]) -> list[str]:
    return [BY_CODE[code].text for code in codes if code in BY_CODE]
