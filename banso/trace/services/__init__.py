"""Every write of the traceability app. Modules by topic:

- ``capture``: EPCIS events in (validation, canonical hash, hash chain, storage), all or nothing.
- ``products``: products, their photos, lots.
- ``steps``: the steps a co-operative records on a phone (harvest, processing, packing, checks,
  shipping, receiving, corrections), each turned into an EPCIS event and captured.
"""
