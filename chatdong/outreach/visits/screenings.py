"""The visiting nurse's screenings on a home visit: the instruments, their score ranges and thresholds.

Triage, not diagnosis: a positive result means "link to 보건소 / 치매안심센터 / 정신건강증진센터 and keep
watching". Every threshold is here (and in docs/outreach_visits.md), so a district that adopts another
instrument or cut-off changes this module only.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .models import Screening

Kind = Screening.Kind


@dataclass(frozen=True)
class Instrument:
    kind: str
    name: str
    max_score: int
    cutoff: int
    # Depression and chronic illness count problems (high is worse); a cognitive test counts right answers.
    higher_is_worse: bool
    positive_label: str

    @property
    def rule(self) -> str:
        sign = "이상" if self.higher_is_worse else "이하"
        return f"{self.name} 0~{self.max_score}점, {self.cutoff}점 {sign}이면 {self.positive_label}"

    def is_positive(self, score: int) -> bool:
        return score >= self.cutoff if self.higher_is_worse else score <= self.cutoff


INSTRUMENTS: dict[str, Instrument] = {
    # 한국판 노인우울척도 단축형: 15 yes/no items, 8+ is the usual Korean cut-off for suspected depression.
    Kind.DEPRESSION: Instrument(
        Kind.DEPRESSION, "SGDS-K(한국판 노인우울척도 단축형, 15문항)", 15, 8, True, "우울 의심"
    ),
    # 치매선별용 한국어판 간이정신상태검사: 30 points; the norm tables by age and schooling refer at about 23
    # and below for the elders visited here — the single cut-off the visit form can show.
    Kind.COGNITIVE: Instrument(Kind.COGNITIVE, "MMSE-DS(치매선별용 간이정신상태검사)", 30, 23, False, "인지저하 의심"),
    # Chronic conditions not under regular treatment (고혈압, 당뇨, 이상지질혈증, 관절염, 심뇌혈관, 호흡기 …):
    # two or more make the household a 보건소 방문건강관리 case.
    Kind.CHRONIC: Instrument(
        Kind.CHRONIC, "만성질환 관리(치료받지 않는 만성질환 수)", 10, 2, True, "방문건강관리 필요"
    ),
}


def check(kind: str, score: int) -> bool:
    """Whether the score is over the instrument's threshold; a score out of range is refused in Korean."""
    instrument = INSTRUMENTS.get(kind)
    if instrument is None:
        raise ValidationError("선별검사 종류가 올바르지 않습니다.")
    if not 0 <= score <= instrument.max_score:
        raise ValidationError(f"{instrument.name} 점수는 0~{instrument.max_score}점이어야 합니다.")
    return instrument.is_positive(score)


def describe(kind: str, score: int, positive: bool) -> str:
    instrument = INSTRUMENTS[kind]
    verdict = instrument.positive_label if positive else "기준 미만"
    return f"{score}/{instrument.max_score}점 · {verdict}"
