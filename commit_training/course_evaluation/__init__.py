"""The course evaluation block (``commit_course_evaluation``)."""
