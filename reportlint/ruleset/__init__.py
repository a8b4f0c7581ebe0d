"""Rule sets: YAML files of rules, validated strictly and bound to check kinds."""
