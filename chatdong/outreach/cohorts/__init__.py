"""찾아가는 복지 대상자: the four programmes' target lists (65세 도래, 출산·양육, 빈곤위기가정, 돌봄위기가정),
their generation (monthly and on demand), each target's contact, consent and booking, the birth letter, referrals,
discoveries, and the progress figures."""
