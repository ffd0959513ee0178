"""Structured input: the hand-written organisation description (YAML/JSON) and claims CSV.

``description`` and ``claims_csv`` are the two loaders; the other modules are their parts:
``source_text`` (UTF-8 and YAML/JSON with line numbers), ``problems`` (readable errors),
``schema`` (the description format), ``citations`` (cited sources → documents), ``known``
(gazetteer lookups), ``checks`` (predicate signatures) and ``batch`` (collecting a SourceBatch).
"""
