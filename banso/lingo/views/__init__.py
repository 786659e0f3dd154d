"""The review pages of lingo, one module a topic; each lists its own URLs."""
