"""개인정보 접근기록 점검: the privacy auditor's search of the access log (who viewed whom, when, from where)."""
