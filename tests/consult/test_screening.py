"""The screening checklist: score, level thresholds, critical answers, and refused input."""

import pytest
from django.core.exceptions import ValidationError

from chatdong.consult import screening
from chatdong.consult.models import SuicideRisk


def test_ten_questions_in_korean_with_one_place_for_the_rules():
    assert len(screening.QUESTIONS) == 10
    assert len({q.code for q in screening.QUESTIONS}) == 10
    assert all("?" in q.text for q in screening.QUESTIONS)
    assert sum(q.weight for q in screening.QUESTIONS) == screening.MAX_SCORE


def test_no_yes_is_no_risk():
    result = screening.assess([])
    assert (result.score, result.level, result.answers) == (0, SuicideRisk.NONE, ())


def test_risk_factors_alone_stay_below_high():
    factors = ["hopeless", "low_mood", "isolated", "recent_loss", "illness", "alcohol"]
    assert screening.assess(factors[:2]).level == SuicideRisk.LOW
    assert screening.assess(factors).level == SuicideRisk.MEDIUM


def test_the_thought_of_dying_is_at_least_medium_and_with_an_attempt_and_factors_high():
    assert screening.assess(["thoughts"]).level == SuicideRisk.MEDIUM
    result = screening.assess(["thoughts", "past_attempt", "isolated", "recent_loss"])
    assert (result.score, result.level) == (7, SuicideRisk.HIGH)


@pytest.mark.parametrize("critical", ["plan", "means"])
def test_a_plan_or_the_means_at_hand_is_high_whatever_the_score(critical):
    result = screening.assess([critical])
    assert result.score == 3
    assert result.level == SuicideRisk.HIGH


def test_answers_are_kept_in_question_order():
    assert screening.assess(["alcohol", "thoughts"]).answers == ("thoughts", "alcohol")


def test_a_score_carried_over_uses_the_thresholds():
    assert screening.from_score(2).level == SuicideRisk.LOW
    assert screening.from_score(6).level == SuicideRisk.MEDIUM
    assert screening.from_score(screening.MAX_SCORE).level == SuicideRisk.HIGH


def test_unknown_answers_and_impossible_scores_are_refused_in_korean():
    with pytest.raises(ValidationError, match="문항이 올바르지 않습니다"):
        screening.assess(["thoughts", "no-such-question"])
    with pytest.raises(ValidationError, match=f"0~{screening.MAX_SCORE}점"):
        screening.from_score(screening.MAX_SCORE + 1)
