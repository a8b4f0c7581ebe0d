"""Per-document derived views shared by the check kinds.

Each view (the outline, masked prose, quantities and clauses, duplicate groups, rule
scopes) is computed once per document with its own explicit settings and memoised on the
document under a typed key; any check may read it. Check kinds import from here and from
`reportlint.text`, never from one another.
"""
