"""chatdong (찾동): the information system of Seoul's outreach dong welfare centres."""
