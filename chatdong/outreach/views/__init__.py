"""Pages of outreach, one module per part: cohorts and targets, visits and monitoring, officers, tong leaders."""
