"""The traceability tests use the co-operatives, product and lot of ``banso/conftest.py``."""
