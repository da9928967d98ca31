"""The pre-test / post-test block (``commit_knowledge_check``)."""
