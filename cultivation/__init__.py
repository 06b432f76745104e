"""Credit cultivation: candidate pools, multi-year plans, milestones, guidance
sessions and mock certification."""
