"""The branching interview block (``commit_interview_sim``)."""
