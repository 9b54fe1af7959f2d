"""People, roles and API tokens: who may act on the node, and how they prove it."""
