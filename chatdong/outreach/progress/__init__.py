"""찾아가는 복지 진도율: per programme and dong, how many targets were listed, agreed to a visit and were visited,
and by whom (alone or jointly). Figures only, so the statistics roles see them too. Builds on cohorts and visits."""
