"""Long lists at a cost that stays flat as the registry grows: counts of related rows
for the rows of one page only (:mod:`~trainer_registry.listing.counts`), and a total
counted only as far as the pages a reader can reach from the one shown
(:mod:`~trainer_registry.listing.pagination`), statements made once
(:mod:`~trainer_registry.listing.kept_queries`) and parts of pages made once for readers
alike (:mod:`~trainer_registry.listing.kept_parts`)."""
