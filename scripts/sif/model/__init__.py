"""The community's data kept as YAML: members, concepts and the menu card."""
