"""Open edX XBlocks that deliver the COMMIT training modules."""
