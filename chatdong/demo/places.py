"""Where the demo's people live: ASCII slugs of the dongs, their roads, and addresses laid out by tong and ban."""

import random
from dataclasses import dataclass

CITY_PREFIX = "서울특별시 성북구"

# ASCII slugs for usernames (<slug>.<role>), in the romanisation the district itself uses.
DONG_SLUGS: dict[str, str] = {
    "성북동": "seongbuk", "삼선동": "samseon", "동선동": "dongseon", "돈암1동": "donam1", "돈암2동": "donam2",
    "안암동": "anam", "보문동": "bomun", "정릉1동": "jeongneung1", "정릉2동": "jeongneung2",
    "정릉3동": "jeongneung3", "정릉4동": "jeongneung4", "길음1동": "gireum1", "길음2동": "gireum2",
    "종암동": "jongam", "월곡1동": "wolgok1", "월곡2동": "wolgok2", "장위1동": "jangwi1", "장위2동": "jangwi2",
    "장위3동": "jangwi3", "석관동": "seokgwan",
}  # fmt: skip

# Roads that run through (or along) each dong.
DONG_ROADS: dict[str, list[str]] = {
    "성북동": ["성북로", "대사관로", "선잠로", "성북로23길"],
    "삼선동": ["삼선교로", "동소문로", "삼선교로10길", "낙산길"],
    "동선동": ["동소문로", "보문로", "동소문로20길", "보문로30길"],
    "돈암1동": ["동소문로", "아리랑로", "동소문로32길", "아리랑로5길"],
    "돈암2동": ["아리랑로", "동소문로", "아리랑로19길", "삼양로"],
    "안암동": ["안암로", "고려대로", "인촌로", "안암로9길"],
    "보문동": ["보문로", "안암로", "보문사길", "보문로13길"],
    "정릉1동": ["정릉로", "아리랑로", "정릉로10길", "솔샘로"],
    "정릉2동": ["정릉로", "솔샘로", "정릉로26길", "보국문로"],
    "정릉3동": ["보국문로", "정릉로", "솔샘로", "보국문로16길"],
    "정릉4동": ["솔샘로", "아리랑로", "북악산로", "솔샘로5길"],
    "길음1동": ["길음로", "삼양로", "동소문로", "길음로7길"],
    "길음2동": ["길음로", "정릉로", "길음로13길", "동소문로"],
    "종암동": ["종암로", "월곡로", "고려대로", "종암로21길"],
    "월곡1동": ["월곡로", "화랑로", "오패산로", "월곡로14길"],
    "월곡2동": ["오패산로", "화랑로", "월곡로", "오패산로3길"],
    "장위1동": ["장월로", "장위로", "한천로", "장위로21길"],
    "장위2동": ["장위로", "돌곶이로", "장월로", "돌곶이로20길"],
    "장위3동": ["장위로", "한천로", "숭인로", "한천로97길"],
    "석관동": ["돌곶이로", "한천로", "화랑로", "돌곶이로3길"],
}

# Where movers came from: other parts of Seoul and the metropolitan area.
ELSEWHERE = [
    "서울특별시 강북구 도봉로",
    "서울특별시 노원구 동일로",
    "서울특별시 동대문구 왕산로",
    "서울특별시 종로구 창신길",
    "서울특별시 중랑구 망우로",
    "서울특별시 도봉구 방학로",
    "서울특별시 은평구 통일로",
    "서울특별시 관악구 관악로",
    "경기도 의정부시 평화로",
    "경기도 남양주시 경춘로",
    "경기도 고양시 중앙로",
    "인천광역시 부평구 부평대로",
]


@dataclass(frozen=True, slots=True)
class Address:
    road_address: str
    address_detail: str


class AddressBook:
    """Addresses for one ban after another: a run of buildings on one road per tong, units inside each building."""

    def __init__(self, rng: random.Random, dong_name: str):
        self.rng = rng
        self.roads = DONG_ROADS[dong_name]
        self.numbers: dict[str, int] = dict.fromkeys(self.roads, 0)

    def road_of(self, tong_number: int) -> str:
        """Tongs take the dong's roads in turn; past the first round, the side streets (…로3길, …로5길)."""
        base = self.roads[(tong_number - 1) % len(self.roads)]
        lane = (tong_number - 1) // len(self.roads)
        if lane == 0 or base.endswith("길"):
            return base
        return f"{base}{lane * 2 + 1}길"

    def for_ban(self, tong_number: int, households: int) -> list[Address]:
        """Addresses for `households` homes in one ban, on the tong's road."""
        rng = self.rng
        road = self.road_of(tong_number)
        self.numbers.setdefault(road, 0)
        addresses: list[Address] = []
        while len(addresses) < households:
            self.numbers[road] += rng.randint(1, 4)
            number = self.numbers[road]
            kind = rng.random()
            if kind < 0.25:  # an apartment block: 동 and 호 by floor
                block = 100 + rng.randint(1, 12)
                units = rng.randint(10, 40)
                details = [f"{block}동 {(i // 4) + 1}{(i % 4) + 1:02d}호" for i in range(units)]
            elif kind < 0.75:  # a multi-family villa (다세대): B01, 101, 102 …
                units = rng.randint(4, 12)
                details = [
                    "지하 1호" if i == 0 and rng.random() < 0.4 else f"{(i // 3) + 1}0{(i % 3) + 1}호"
                    for i in range(units)
                ]
            else:  # a detached house, sometimes with a rented floor
                units = rng.randint(1, 3)
                details = ["", "2층", "지하층"][:units]
            road_address = f"{CITY_PREFIX} {road} {number}"
            for detail in details[: households - len(addresses)]:
                addresses.append(Address(road_address, detail))
        return addresses
