"""Text crossing the registry's edge: the one input policy for text from anywhere (the
checks in :mod:`.text`, where requests meet them in :mod:`.requests`) and the one
escaping rule for text leaving in a spreadsheet (:mod:`.spreadsheet`)."""
