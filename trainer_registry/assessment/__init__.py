"""Assessment results in the registry: the item responses of knowledge checks, the pre and
post scores and forms of a participation, and the gain over a parallel pair (decision 0014)."""
