"""Plausible Korean names: surnames weighted by frequency, given names by sex and birth decade."""

import random
from itertools import accumulate

# Share of the population (%), roughly as in the 2015 census; the long tail is folded into the last few.
SURNAMES: dict[str, float] = {
    "김": 21.5, "이": 14.7, "박": 8.4, "최": 4.7, "정": 4.4, "강": 2.3, "조": 2.1, "윤": 2.1, "장": 2.0,
    "임": 1.7, "한": 1.5, "오": 1.5, "서": 1.5, "신": 1.5, "권": 1.4, "황": 1.4, "안": 1.4, "송": 1.3,
    "류": 1.3, "전": 1.1, "홍": 1.1, "고": 0.9, "문": 0.9, "양": 0.9, "손": 0.9, "배": 0.8, "백": 0.8,
    "허": 0.7, "유": 0.6, "남": 0.6, "심": 0.5, "노": 0.5, "하": 0.5, "곽": 0.4, "성": 0.4, "차": 0.4,
    "주": 0.4, "우": 0.4, "구": 0.4, "민": 0.4, "진": 0.3, "나": 0.3, "지": 0.3, "엄": 0.3, "채": 0.3,
    "원": 0.3, "천": 0.3, "방": 0.2, "공": 0.2, "현": 0.2, "함": 0.2, "변": 0.2, "염": 0.2, "여": 0.2,
    "추": 0.2, "도": 0.2, "소": 0.2, "석": 0.2, "선": 0.2, "설": 0.1, "마": 0.1, "길": 0.1, "연": 0.1,
    "위": 0.1, "표": 0.1, "명": 0.1, "기": 0.1, "반": 0.1, "왕": 0.1, "금": 0.1, "옥": 0.1, "육": 0.1,
}  # fmt: skip

# Given names popular in each era (birth year from which the list applies), by sex.
_GIVEN: list[tuple[int, str, str]] = [
    (1900, "M", "영수 영호 영식 정수 정웅 영철 종수 영길 상철 병철 만수 "
                 "춘식 용수 재원 성수 광수 기수 순길 덕수 판수 동수 석만 봉수"),
    (1900, "F", "순자 영자 정순 옥순 말순 영순 정자 춘자 순례 옥자 복순 "
                 "분순 금순 순이 점순 갑순 귀순 막례 봉순 필녀 순덕 경자 명자"),
    (1950, "M", "영수 영호 영철 성수 성호 상철 정호 정수 영진 진호 동수 "
                 "상훈 광호 종호 재현 병철 승호 현수 용호 경호 명수 기철"),
    (1950, "F", "영숙 정숙 영희 순자 명숙 경숙 정희 미숙 영순 숙자 현숙 "
                 "혜숙 옥희 경자 영미 미경 은숙 화자 경희 선희 정자 춘희"),
    (1965, "M", "성호 성훈 정훈 상훈 영훈 재훈 동훈 준호 성진 정호 성민 "
                 "민수 재호 종훈 현철 상민 진호 승철 기현 병수 대호 태호"),
    (1965, "F", "미경 미숙 은주 은정 현주 미영 경희 정은 미정 지영 혜정 "
                 "선영 은경 현정 영미 정미 수진 미선 윤희 경미 혜경 지현"),
    (1975, "M", "지훈 성민 현우 준호 정훈 민수 성훈 동현 상현 준영 재웅 "
                 "승현 민호 진우 동욱 현석 태훈 지원 준석 영민 재민 상우"),
    (1975, "F", "지영 지혜 은영 수진 혜진 미영 은정 정은 지은 수연 선영 "
                 "현정 민정 소영 은지 혜영 유진 지현 보라 나영 은혜 주희"),
    (1985, "M", "지훈 동현 현우 민수 준호 성민 민재 승현 준영 상욱 재현 "
                 "민혁 태현 정우 현준 지환 우진 준혁 성현 진혁 형준 동욱"),
    (1985, "F", "지은 수진 지현 민지 은지 혜진 지혜 유진 수연 다은 지영 "
                 "소연 보람 세영 민정 예진 하나 슬기 아름 은비 수빈 진아"),
    (1995, "M", "민준 현우 동현 지훈 준혁 승민 민재 건우 성민 도현 준서 "
                 "우진 민성 지성 태민 현준 지민 승우 은호 재원 시원 준영"),
    (1995, "F", "서연 민지 수빈 지원 유진 지은 예은 지현 은지 수민 하은 "
                 "채원 혜원 다인 예린 소연 수연 가은 지수 예지 다은 서영"),
    (2005, "M", "민준 서준 주원 예준 시우 준서 도윤 현우 건우 지호 우진 "
                 "지후 준우 유준 선우 연우 서진 민재 현준 은우 지훈 정우"),
    (2005, "F", "서연 민서 서윤 지우 서현 하은 하윤 윤서 지유 지민 채원 "
                 "수아 지아 다은 예은 은서 가은 예린 수빈 소율 지원 유나"),
    (2015, "M", "서준 민준 도윤 하준 시우 은우 지호 예준 이준 주원 선우 "
                 "유준 지안 도현 건우 우진 시윤 연우 로운 이안 지한 한결"),
    (2015, "F", "서아 하윤 지안 이서 하린 서윤 아린 지우 아윤 윤서 수아 "
                 "지아 하은 채아 시아 유나 나은 다인 리아 서하 예나 소윤"),
]  # fmt: skip
GIVEN_NAMES: dict[tuple[int, str], list[str]] = {(era, sex): names.split() for era, sex, names in _GIVEN}
_ERAS = sorted({era for era, _sex, _names in _GIVEN})
_SURNAME_LIST = list(SURNAMES)
_SURNAME_CUM = list(accumulate(SURNAMES.values()))


def era_of(birth_year: int) -> int:
    chosen = _ERAS[0]
    for era in _ERAS:
        if birth_year >= era:
            chosen = era
    return chosen


class NameMaker:
    """Draws names from a seeded random source, so a seed always gives the same people."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def surname(self) -> str:
        return self.rng.choices(_SURNAME_LIST, cum_weights=_SURNAME_CUM)[0]

    def given(self, sex: str, birth_year: int) -> str:
        return self.rng.choice(GIVEN_NAMES[(era_of(birth_year), sex)])

    def full(self, sex: str, birth_year: int, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given(sex, birth_year)
