"""The programmes named in the seeds, loaded by a migration: public programmes of seeds 000/002/003 and
the visiting services of seed 001's table (방문형서비스 협력체계 운영대상 사업)."""

from typing import Any

# (code, name, kind, domain, target, content, provider)
PROGRAMMES: list[tuple[str, str, str, str, str, str, str]] = [
    ("basic_livelihood", "국민기초생활보장(생계·의료·주거·교육급여)", "public_benefit", "economy",
     "소득인정액 기준 이하 가구", "맞춤형 개별급여", "동주민센터"),
    ("seoul_basic_security", "서울형 기초보장", "public_benefit", "economy",
     "기초생활보장 사각지대 저소득 가구", "생계·교육·해산·장제급여", "동주민센터"),
    ("emergency_support", "긴급지원", "public_benefit", "economy",
     "실직·질병·화재 등 위기상황 가구", "생계·의료·주거 긴급지원", "동주민센터"),
    ("hope_ondol", "희망온돌 위기긴급기금", "private_programme", "economy",
     "공적 지원을 받지 못하는 위기가구", "생계비·의료비·주거비 지원", "서울시복지재단"),
    ("neighbour_help", "이웃돕기 성금·성품", "private_programme", "economy", "저소득 가구", "성금·성품 지원", "동주민센터"),
    ("rice_discount", "차상위 양곡 할인", "public_benefit", "economy", "기초수급·차상위", "정부양곡 할인", "동주민센터"),
    ("basic_pension", "기초연금", "public_benefit", "economy", "65세 이상 소득하위 70%", "연금 지급", "동주민센터"),
    ("elder_jobs", "노인일자리", "public_benefit", "employment", "65세 이상", "공익활동·일자리", "노인복지관"),
    ("self_sufficiency_work", "자활근로", "public_benefit", "employment", "기초수급·차상위 근로능력자",
     "자활사업 참여", "지역자활센터"),
    ("job_centre", "일자리 상담·알선", "public_benefit", "employment", "구직자", "취업 상담·알선", "일자리지원센터"),
    ("long_term_care", "노인장기요양보험", "public_benefit", "health", "장기요양 등급 인정자",
     "방문요양·목욕·주야간보호", "국민건강보험공단·재가장기요양기관"),
    ("free_meals", "무료급식 지원", "public_benefit", "health", "결식 우려 어르신", "경로식당·도시락 배달", "노인복지관"),
    ("mind_care", "마음돌보미", "private_programme", "health", "우울·자살위험 주민", "정서지원 방문", "정신건강증진센터"),
    ("suicide_prevention", "자살예방 상담·사례관리", "advice", "health", "자살위험군", "위기개입·상담", "자살예방센터"),
    ("mental_health", "정신건강 상담", "advice", "health", "정신건강 문제 주민", "상담·치료 연계", "정신건강증진센터"),
    ("dementia_screening", "치매 조기검진", "public_benefit", "health", "60세 이상", "선별검사·진단 연계", "치매지원센터"),
    ("home_health_visit", "방문건강관리서비스", "visiting_service", "health",
     "기초수급자, 건강보험 20% 이하 가구", "노인 만성질환자 등 질환별·주별 건강관리", "보건소"),
    ("elder_basic_care", "노인돌봄기본서비스", "visiting_service", "relationship",
     "65세 이상 독거노인(일상생활지원 필요)", "안전확인, 생활교육, 보건복지 연계", "노인종합복지관"),
    ("elder_total_care", "노인돌봄종합서비스", "visiting_service", "health",
     "65세 이상 치매·중풍 등 질환자", "가사활동지원, 주간보호", "지역자활센터·재가노인복지센터"),
    ("disability_activity", "장애인활동지원서비스", "visiting_service", "health",
     "1~2급 장애인(일상생활지원 필요)", "신변처리, 가사지원, 이동보조", "지역자활센터·장애인자립생활지원센터"),
    ("home_helper", "가사간병 방문도우미", "visiting_service", "health",
     "국민기초생활수급자, 차상위", "가사간병 서비스 지원", "지역자활센터"),
    ("ltc_home_care", "노인장기요양 방문요양서비스", "visiting_service", "health",
     "장기요양보험 3등급 이상", "신체활동, 가사활동 등 지원", "재가장기요양기관"),
    ("ltc_bathing", "노인장기요양 방문목욕서비스", "visiting_service", "health",
     "장기요양보험 3등급 이상", "목욕서비스", "재가장기요양기관"),
    ("elder_abuse_prevention", "노인학대 예방", "visiting_service", "relationship",
     "학대판정 노인", "상담 및 일시보호 등 서비스 제공", "노인보호전문기관"),
    ("dong_visit_counselling", "동방문상담", "visiting_service", "other",
     "국민기초생활수급자, 차상위", "복지대상자 모니터링", "동주민센터"),
    ("integrated_case_management", "통합사례관리", "visiting_service", "other",
     "기초수급자·차상위·일반저소득 위기가구", "욕구조사, 서비스 제공, 모니터링", "희망복지지원단"),
    ("public_rental", "공공임대주택(영구·매입임대)", "public_benefit", "housing", "저소득 무주택 가구",
     "임대주택 입주 지원", "SH공사·LH"),
    ("housing_repair", "집수리 지원", "private_programme", "housing", "저소득 가구", "주거환경 개선", "종합사회복지관"),
    ("energy_voucher", "에너지바우처", "public_benefit", "housing", "기초수급 중 노인·영유아·장애인 가구",
     "난방비 지원", "동주민센터"),
    ("education_support", "교육비 지원(학비·급식비·방과후 수강권)", "public_benefit", "education",
     "저소득 가구 학생", "교육비 지원", "교육청·동주민센터"),
    ("dream_start", "드림스타트", "public_benefit", "education", "0~12세 취약계층 아동", "통합 사례관리", "드림스타트"),
    ("childcare_allowance", "보육료·가정양육수당", "public_benefit", "education", "영유아 가구",
     "보육료·양육수당", "동주민센터"),
    ("local_child_centre", "지역아동센터", "private_programme", "education", "방과후 돌봄 필요 아동",
     "방과후 돌봄·학습", "지역아동센터"),
    ("financial_counselling", "금융복지 상담(채무조정)", "advice", "legal", "채무·신용 문제 주민",
     "채무조정·재무상담", "금융복지상담센터"),
    ("village_lawyer", "마을변호사", "advice", "legal", "법률 문제 주민", "무료 법률상담", "마을변호사"),
    ("village_tax_advisor", "마을세무사", "advice", "legal", "세무 문제 주민", "무료 세무상담", "마을세무사"),
    ("sharing_neighbours", "나눔이웃 결연", "private_programme", "relationship", "고립 위험 주민",
     "이웃 간 돌봄 활동", "동주민센터"),
    ("sharing_shops", "나눔가게", "private_programme", "other", "저소득 주민", "지역 상점의 물품·서비스 나눔", "동주민센터"),
]  # fmt: skip


def sync_programmes(model: Any = None) -> None:
    """Create or update the catalogue (used by the migration and after a test database flush)."""
    if model is None:
        from .models import ServiceProgramme as model
    for code, name, kind, domain, target, content, provider in PROGRAMMES:
        model.objects.update_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "domain": domain, "target": target, "content": content,
                      "provider": provider},
        )  # fmt: skip
